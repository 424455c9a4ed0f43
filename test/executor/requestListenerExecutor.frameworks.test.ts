import { Readable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import type { IPerformActionRequest, ISocketContext } from '../../src/index.js';
import { createRequestListenerExecutor, getSocketContext, type RequestListener } from '../../src/executor/index.js';

/** Just what the executor and the routes read of a socket's context. */
const socketContext = {
  id: 'connection-1',
  request: { url: '/ws', headers: { host: 'example.test' }, remoteAddress: '192.0.2.7' },
} as unknown as ISocketContext;

function run(listener: RequestListener, request: Partial<IPerformActionRequest>): Promise<unknown> {
  const executor = createRequestListenerExecutor(listener);
  const call = { method: 'get' as const, path: '/', query: {}, body: undefined, headers: {}, ...request };
  return executor.execute(call, socketContext, new AbortController().signal).catch((error: unknown) => error);
}

describe('Express 5 through the executor', () => {
  const api = express();
  api.use(express.json());
  api.get('/who', (req, res) => {
    res.json({
      ip: req.ip,
      protocol: req.protocol,
      hostname: req.hostname,
      query: req.query,
      connection: getSocketContext(req)?.id ?? null,
    });
  });
  api.post('/body', (req, res) => {
    res.status(201).json({ received: req.body as unknown });
  });
  api.get('/bytes', (_req, res) => {
    res.type('text/plain').send(Buffer.from('raw bytes'));
  });
  api.get('/nothing', (_req, res) => {
    res.sendStatus(204);
  });
  api.get('/boom', () => {
    throw new Error('a route bug, with a stack trace nobody outside should read');
  });

  test('its request getters (ip, protocol, hostname, query) read the socket, and getSocketContext finds it', async () => {
    expect(await run(api, { path: '/who', query: { a: '1' } })).toEqual({
      ip: '192.0.2.7',
      protocol: 'http',
      hostname: 'example.test',
      query: { a: '1' },
      connection: 'connection-1',
    });
  });

  test('express.json parses the body; a 201 answers the JSON; Buffers, 204 and thrown errors answer as over HTTP', async () => {
    expect(await run(api, { method: 'post', path: '/body', body: { n: 1 } })).toEqual({ received: { n: 1 } });
    expect(await run(api, { path: '/bytes' })).toBe('raw bytes');
    expect(await run(api, { path: '/nothing' })).toBeNull();
    expect(await run(api, { path: '/boom' })).toMatchObject({ status: 500, message: 'Internal Server Error' });
  });
});

describe('Koa through the executor', () => {
  const api = new Koa();
  api.use(async ctx => {
    if (ctx.path === '/stream') {
      ctx.type = 'application/json';
      ctx.body = Readable.from(['{"streamed":', '[1,2', ',3]}']);
    } else if (ctx.path === '/who') {
      ctx.body = { ip: ctx.ip, protocol: ctx.protocol, connection: getSocketContext(ctx.req)?.id ?? null };
    } else {
      ctx.throw(404, `no route ${ctx.path}`);
    }
  });
  const listener = api.callback();

  test('a stream body is piped into the response and arrives whole', async () => {
    expect(await run(listener, { path: '/stream' })).toEqual({ streamed: [1, 2, 3] });
  });

  test('ctx.ip and ctx.protocol read the socket; a thrown 404 answers the status text, not its text body', async () => {
    expect(await run(listener, { path: '/who' })).toEqual({
      ip: '192.0.2.7',
      protocol: 'http',
      connection: 'connection-1',
    });
    expect(await run(listener, { path: '/missing' })).toMatchObject({ status: 404, message: 'Not Found' });
  });
});

describe('Fastify through its routing function', () => {
  async function fastifyApi() {
    const api = Fastify();
    api.get('/who', async request => ({
      ip: request.ip,
      protocol: request.protocol,
      host: request.host,
      connection: getSocketContext(request.raw)?.id ?? null,
    }));
    api.post('/body', async (request, reply) => {
      reply.code(201).header('x-extra', '1');
      return { received: request.body };
    });
    api.get('/stream', async (_request, reply) => {
      reply.type('application/json');
      return reply.send(Readable.from(['{"streamed":', 'true}']));
    });
    await api.ready();
    return api;
  }

  test('request.ip, protocol and host read the socket; JSON bodies parse; streams arrive whole', async () => {
    const api = await fastifyApi();
    const routing: RequestListener = (req, res) => api.routing(req, res);
    expect(await run(routing, { path: '/who' })).toEqual({
      ip: '192.0.2.7',
      protocol: 'http',
      host: 'example.test',
      connection: 'connection-1',
    });
    expect(await run(routing, { method: 'post', path: '/body', body: { n: 2 } })).toEqual({ received: { n: 2 } });
    expect(await run(routing, { path: '/stream' })).toEqual({ streamed: true });
    await api.close();
  });

  test("its 404 answers the message of Fastify's JSON error", async () => {
    const api = await fastifyApi();
    expect(await run((req, res) => api.routing(req, res), { path: '/missing' })).toMatchObject({
      status: 404,
      message: 'Route GET:/missing not found',
    });
    await api.close();
  });
});
