import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { describe, expect, test } from '@jest/globals';
import express from 'express';
import { SocketActionError, type ISocketContext } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';

/** Just what the executor reads of a socket's context. */
const socketContext = {
  request: { headers: { host: 'example.test' }, socket: { remoteAddress: '127.0.0.1' } },
} as unknown as ISocketContext;

function echoApp(): express.Express {
  const api = express();
  api.use(express.json());
  api.post('/echo', (req, res) => {
    res.json(req.body);
  });
  return api;
}

describe('createRequestListenerExecutor with an Express app', () => {
  test('an injected call gets the body Express wrote, though Express swaps the response prototype', async () => {
    const executor = createRequestListenerExecutor(echoApp());
    const request = { method: 'post' as const, path: '/echo', query: {}, body: { a: 1 }, headers: {} };
    expect(await executor.execute(request, socketContext, new AbortController().signal)).toEqual({ a: 1 });
    expect(await executor.execute(request, socketContext, new AbortController().signal)).toEqual({ a: 1 });
  });

  test("the app's real HTTP requests still work after injected calls (its shared prototypes are left alone)", async () => {
    const api = echoApp();
    const server = http.createServer(api);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const executor = createRequestListenerExecutor(api);
      const request = { method: 'post' as const, path: '/echo', query: {}, body: { via: 'socket' }, headers: {} };
      expect(await executor.execute(request, socketContext, new AbortController().signal)).toEqual({ via: 'socket' });
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ via: 'http' }),
      });
      expect(await response.json()).toEqual({ via: 'http' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  });

  test("an Express HTML error page is not forwarded: its default 404 answers 404 with the status text 'Not Found'", async () => {
    const executor = createRequestListenerExecutor(echoApp());
    const request = { method: 'get' as const, path: '/nowhere', query: {}, body: undefined, headers: {} };
    const failure = await executor.execute(request, socketContext, new AbortController().signal).catch(error => error);
    expect(failure).toBeInstanceOf(SocketActionError);
    expect(failure).toMatchObject({ status: 404, message: 'Not Found' });
  });

  test("a JSON error answers its body's message, and a JSON error without one the status text", async () => {
    const api = express();
    api.get('/teapot', (_req, res) => {
      res.status(418).json({ message: 'short and stout' });
    });
    api.get('/invalid', (_req, res) => {
      res.status(422).json({ error: 'name is missing' });
    });
    const executor = createRequestListenerExecutor(api);
    const call = (path: string) =>
      executor
        .execute(
          { method: 'get', path, query: {}, body: undefined, headers: {} },
          socketContext,
          new AbortController().signal,
        )
        .catch(error => error);
    expect(await call('/teapot')).toMatchObject({ status: 418, message: 'short and stout' });
    expect(await call('/invalid')).toMatchObject({ status: 422, message: 'Unprocessable Entity' });
  });
});
