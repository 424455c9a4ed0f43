import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServer, listenLocal } from './httpListen.js';

export interface IWsJsonServer {
  wss: WebSocketServer;
  close(): Promise<void>;
}

/**
 * The raw-ws baseline: an http server with a ws server on it (the same layering a-socket uses) that
 * answers every frame with the JSON work a protocol needs at least: parse the frame, stringify the
 * answer. RPC frames are `{"i":<id>,"b":<body>}` and come back unchanged.
 */
export async function startWsJsonServer(port: number): Promise<IWsJsonServer> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  // perMessageDeflate off on every system: compression would measure zlib, not the protocol.
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', data => {
      const request: unknown = JSON.parse(String(data));
      ws.send(JSON.stringify(request));
    });
  });
  await listenLocal(server, port);
  return {
    wss,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}
