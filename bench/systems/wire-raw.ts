import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { closeServer, listenLocal } from '../lib/httpListen.js';
import { BROADCAST_EVENT, type IBenchSystem } from '../lib/system.js';
import {
  decodeEvent,
  ECHO_PATH,
  encodeEvent,
  SYS_PERFORM_ACTION,
  SYS_PERFORM_ACTION_BACK,
  SYS_READY,
  type IPerformAction,
  type PerformActionBack,
} from '../lib/wireFrames.js';

function answer(request: IPerformAction): PerformActionBack {
  if (request.p !== ECHO_PATH) return { i: request.i, c: 404, m: 'Not Found' };
  return { i: request.i, c: 0, d: request.b };
}

/**
 * The a-socket wire protocol on raw ws with no framework at all: what the protocol itself costs.
 * The gap between this and a-socket is what beans, onions and the executor cost.
 */
export const system: IBenchSystem = {
  name: 'wire-raw',
  description: 'the bare a-socket wire protocol on raw ws (sysReady on connect, _b → _c echo), no framework',
  httpReference: 'http-plain',
  client: { protocol: 'wire', path: '/ws' },
  async start(port) {
    const server = createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
    wss.on('connection', (ws: WebSocket) => {
      ws.on('error', () => ws.terminate());
      ws.on('message', data => {
        const event = decodeEvent(String(data));
        if (!event || event[0] !== SYS_PERFORM_ACTION) return;
        ws.send(encodeEvent(SYS_PERFORM_ACTION_BACK, answer(event[1] as IPerformAction)));
      });
      ws.send(encodeEvent(SYS_READY, { id: randomUUID() }));
    });
    await listenLocal(server, port);
    return {
      broadcast(message) {
        const frame = encodeEvent(BROADCAST_EVENT, message);
        for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
      },
      connectionCount: () => wss.clients.size,
      async close() {
        for (const client of wss.clients) client.terminate();
        wss.close();
        await closeServer(server);
      },
    };
  },
};
