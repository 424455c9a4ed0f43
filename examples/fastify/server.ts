import { type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApp, type SocketApp } from '../../src/index.js';
import { createRequestListenerExecutor, getSocketContext } from '../../src/executor/index.js';

/**
 * The HTTP API: Fastify routes. A socket's performAction is injected into `fastify.routing`, the raw
 * request listener Fastify runs for its own server, so the routes, hooks and JSON body parsing are the ones
 * HTTP requests get; `getSocketContext(request.raw)` tells who is calling.
 */
export function createApi(): FastifyInstance {
  const api = Fastify();
  api.get('/api/echo', async request => request.query);
  api.post('/api/echo', async request => request.body ?? null);
  api.get('/api/whoami', async request => {
    const socket = getSocketContext(request.raw);
    return socket ? { via: 'socket', connection: socket.id, namespace: socket.namespace } : { via: 'http' };
  });
  return api;
}

export interface IFastifyExample {
  api: FastifyInstance;
  app: SocketApp;
  port: number;
  close(): Promise<void>;
}

/** Fastify and a-socket on one port (`fastify.server`): HTTP on /api/..., WebSocket upgrades on /ws. */
export async function startFastifyExample(port = 0, host = '127.0.0.1'): Promise<IFastifyExample> {
  const api = createApi();
  // fastify.routing exists once the instance is ready; calls are only injected after that.
  await api.ready();
  const app = createApp({
    server: api.server,
    executor: createRequestListenerExecutor((req, res) => api.routing(req, res)),
  });
  await app.appReady();
  await api.listen({ port, host });
  return {
    api,
    app,
    port: (api.server.address() as AddressInfo).port,
    async close() {
      await app.appClose(); // sockets first (1001 and their exit chains), then HTTP
      await api.close();
    },
  };
}
