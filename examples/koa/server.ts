import http from 'node:http';
import { type AddressInfo } from 'node:net';
import Koa from 'koa';
import { createApp, type SocketApp } from '../../src/index.js';
import { createRequestListenerExecutor, getSocketContext } from '../../src/executor/index.js';
import { jsonBody } from './jsonBody.js';

/**
 * The HTTP API: a Koa app with one router-less middleware. A socket's performAction is injected into
 * `koa.callback()`, the same listener the HTTP server uses; `getSocketContext(ctx.req)` tells who is calling.
 */
export function createApi(): Koa {
  const api = new Koa();
  api.use(jsonBody);
  api.use(ctx => {
    const route = `${ctx.method} ${ctx.path}`;
    if (route === 'GET /api/echo') {
      ctx.body = ctx.query;
    } else if (route === 'POST /api/echo') {
      ctx.body = ctx.state.body ?? null;
    } else if (route === 'GET /api/whoami') {
      const socket = getSocketContext(ctx.req);
      ctx.body = socket ? { via: 'socket', connection: socket.id, namespace: socket.namespace } : { via: 'http' };
    } else {
      ctx.throw(404, `no route ${route}`);
    }
  });
  return api;
}

export interface IKoaExample {
  api: Koa;
  server: http.Server;
  app: SocketApp;
  port: number;
  close(): Promise<void>;
}

/** Koa and a-socket on one port: HTTP on /api/..., WebSocket upgrades on /ws. */
export async function startKoaExample(port = 0, host = '127.0.0.1'): Promise<IKoaExample> {
  const api = createApi();
  const listener = api.callback();
  const server = http.createServer(listener);
  const app = createApp({ server, executor: createRequestListenerExecutor(listener) });
  await app.appReady();
  await new Promise<void>(resolve => server.listen(port, host, resolve));
  return {
    api,
    server,
    app,
    port: (server.address() as AddressInfo).port,
    async close() {
      await app.appClose(); // sockets first (1001 and their exit chains), then HTTP
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
