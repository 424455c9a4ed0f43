import http from 'node:http';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { createApp, type SocketApp } from '../../src/index.js';
import { createRequestListenerExecutor, getSocketContext } from '../../src/executor/index.js';

/**
 * The HTTP API: ordinary Express routes. A socket's performAction is injected into this same app, so each
 * route answers HTTP clients and sockets alike; `getSocketContext(req)` tells which one is calling.
 */
export function createApi(): express.Express {
  const api = express();
  api.use(express.json());
  api.get('/api/echo', (req, res) => {
    res.json(req.query);
  });
  api.post('/api/echo', (req, res) => {
    res.json(req.body);
  });
  api.get('/api/whoami', (req, res) => {
    const socket = getSocketContext(req);
    res.json(socket ? { via: 'socket', connection: socket.id, namespace: socket.namespace } : { via: 'http' });
  });
  return api;
}

export interface IExpressExample {
  api: express.Express;
  server: http.Server;
  app: SocketApp;
  port: number;
  close(): Promise<void>;
}

/** Express and a-socket on one port: HTTP on /api/..., WebSocket upgrades on /ws. */
export async function startExpressExample(port = 0, host = '127.0.0.1'): Promise<IExpressExample> {
  const api = createApi();
  const server = http.createServer(api);
  const app = createApp({ server, executor: createRequestListenerExecutor(api) });
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
