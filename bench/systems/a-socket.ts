import http from 'node:http';
import { createApp, createConsoleLogger, createRequestListenerExecutor } from '../../src/index.js';
import { closeServer, listenLocal } from '../lib/httpListen.js';
import { BROADCAST_EVENT, type IBenchSystem } from '../lib/system.js';
import { ECHO_PATH } from '../lib/wireFrames.js';

/** The host app's HTTP API: `POST /api/echo` answers with the JSON body, anything else is 404. */
const handler: http.RequestListener = (req, res) => {
  if (req.method !== 'POST' || req.url !== ECHO_PATH) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
};

/** a-socket with its full connection and packet chains; RPC goes through the executor into `handler`. */
export const system: IBenchSystem = {
  name: 'a-socket',
  description: 'a-socket: full connection/packet chains, RPC through the request-listener executor to POST /api/echo',
  client: { protocol: 'wire', path: '/ws' },
  async start(port) {
    const server = http.createServer(handler);
    const app = createApp({
      server,
      executor: createRequestListenerExecutor(handler),
      logger: createConsoleLogger('warn'),
      // The heartbeat would add pings mid-measurement; one minute keeps it out of every round.
      config: { modules: { 'a-socket': { timeout: { ping: 60000 } } } },
    });
    await listenLocal(server, port);
    await app.appReady();
    return {
      broadcast(message) {
        app.socketEvent.broadcast('/', BROADCAST_EVENT, message);
      },
      connectionCount: () => app.registry.size,
      async close() {
        await app.appClose();
        await closeServer(server);
      },
    };
  },
};
