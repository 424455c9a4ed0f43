import WebSocket from 'ws';
import { startWsJsonServer } from '../lib/wsJsonServer.js';
import { BROADCAST_EVENT, type IBenchSystem } from '../lib/system.js';

/** Raw ws doing a protocol's JSON work; its broadcast is the naive loop, one `send` (one write) per client. */
export const system: IBenchSystem = {
  name: 'ws-raw',
  description: 'raw ws: JSON echo for rpc, naive `for (client of clients) client.send(str)` broadcast',
  httpReference: 'http-plain',
  client: { protocol: 'ws-json', path: '/' },
  async start(port) {
    const { wss, close } = await startWsJsonServer(port);
    return {
      broadcast(message) {
        const frame = JSON.stringify([BROADCAST_EVENT, message]);
        for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
      },
      connectionCount: () => wss.clients.size,
      close,
    };
  },
};
