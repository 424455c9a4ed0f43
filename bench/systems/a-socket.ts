import http from 'node:http';
import { listenLocal } from '../lib/httpListen.js';
import { BROADCAST_EVENT, type IBenchSystem } from '../lib/system.js';
import { ECHO_PATH } from '../lib/wireFrames.js';

/**
 * The slice of a-socket's public API this benchmark uses, as planned (DESIGN §7, §8). The runtime is
 * being written while this file is: `src/index.js` is imported at start and cast to this shape, so
 * the harness compiles today and skips the system ("not available yet") until the exports exist.
 * TODO(a-socket lands): import these statically from '../../src/index.js' and drop the cast.
 */
interface IPlannedApp {
  appReady(): Promise<void>;
  appClose(): Promise<void>;
  socketEvent: { broadcast(namespace: string, eventName: string, data: unknown): unknown };
}
interface IPlannedASocketApi {
  createApp(options: {
    server: http.Server;
    executor: unknown;
    config: { modules: { 'a-socket': { timeout: { ping: number } } } };
  }): IPlannedApp;
  createRequestListenerExecutor(listener: http.RequestListener): unknown;
}

async function loadASocket(): Promise<IPlannedASocketApi> {
  const api = (await import('../../src/index.js')) as unknown as Partial<IPlannedASocketApi>;
  if (typeof api.createApp !== 'function' || typeof api.createRequestListenerExecutor !== 'function') {
    throw new Error('src/index.js does not export createApp and createRequestListenerExecutor yet');
  }
  return api as IPlannedASocketApi;
}

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
    const { createApp, createRequestListenerExecutor } = await loadASocket();
    const server = http.createServer(handler);
    const app = createApp({
      server,
      executor: createRequestListenerExecutor(handler),
      // The heartbeat would add pings mid-measurement; one minute keeps it out of every round.
      config: { modules: { 'a-socket': { timeout: { ping: 60000 } } } },
    });
    await listenLocal(server, port);
    await app.appReady();
    let connections = 0;
    server.on('upgrade', (_req, socket) => {
      connections++;
      socket.once('close', () => connections--);
    });
    return {
      broadcast(message) {
        app.socketEvent.broadcast('/', BROADCAST_EVENT, message);
      },
      // TODO(a-socket lands): read the client registry (bean.socket) instead of counting upgrades.
      connectionCount: () => connections,
      async close() {
        await app.appClose();
        server.closeAllConnections();
        await new Promise<void>(resolve => server.close(() => resolve()));
      },
    };
  },
};
