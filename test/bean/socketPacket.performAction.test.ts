import { describe, expect, test } from '@jest/globals';
import type { IPassportVerifier } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { testApi } from '../support/listeners.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { TestClient } from '../support/wsClient.js';

const passport: IPassportVerifier = {
  verify: code => (code.startsWith('valid:') ? { name: code.slice(6), anonymous: false } : undefined),
};

describe('performAction over the socket', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function start(performAction?: { timeout?: number; maxInFlight?: number }) {
    server = await fixture.start({
      executor: createRequestListenerExecutor(testApi),
      passport,
      config: { modules: { 'a-socket': { performAction } } },
    });
  }

  async function connect(query = ''): Promise<TestClient> {
    const client = fixture.client(server.wsUrl(`/ws${query}`));
    await client.ready();
    return client;
  }

  async function call(client: TestClient, payload: Record<string, unknown>) {
    client.sendEvent('_b', payload);
    const back = await client.nextEvent(event => event.name === '_c' && (event.data as { i: unknown }).i === payload.i);
    return back.data as { i: unknown; c: number; d?: unknown; m?: string };
  }

  test('a call answers c 0 with the result of the HTTP route', async () => {
    await start();
    const client = await connect();
    expect(await call(client, { i: 1, m: 'post', p: '/api/echo', b: { hello: 'world' } })).toEqual({
      i: 1,
      c: 0,
      d: { hello: 'world' },
    });
    expect(await call(client, { i: 2, m: 'get', p: '/api/echo', q: { a: '1', b: 2 } })).toEqual({
      i: 2,
      c: 0,
      d: { a: '1', b: '2' },
    });
    expect(await call(client, { i: 'x', m: 'get', p: '/api/empty' })).toEqual({ i: 'x', c: 0, d: null });
  });

  test('an unknown path answers 404 and a refused one its status, with the message', async () => {
    await start();
    const client = await connect();
    expect(await call(client, { i: 1, m: 'get', p: '/api/missing' })).toEqual({
      i: 1,
      c: 404,
      m: 'no route GET /api/missing',
    });
    expect(await call(client, { i: 2, m: 'get', p: '/api/forbidden' })).toEqual({ i: 2, c: 403, m: 'not for you' });
  });

  test.each([
    ['a payload that is not an object', 'nope', null],
    ['a missing request id', { m: 'get', p: '/api/echo' }, null],
    ['an unknown method', { i: 3, m: 'trace', p: '/api/echo' }, 3],
    ['a path without a leading slash', { i: 4, m: 'get', p: 'api/echo' }, 4],
    ['a query that is not an object', { i: 5, m: 'get', p: '/api/echo', q: 'a=1' }, 5],
    ['headers with a non-string value', { i: 6, m: 'get', p: '/api/echo', h: { 'x-a': 1 } }, 6],
  ])('%s answers 400 and the connection stays', async (_label, payload, expectedId) => {
    await start();
    const client = await connect();
    client.sendEvent('_b', payload);
    const back = await client.nextEvent(event => event.name === '_c');
    expect(back.data).toMatchObject({ i: expectedId, c: 400 });
    expect(typeof (back.data as { m: unknown }).m).toBe('string');
    expect(await call(client, { i: 99, m: 'post', p: '/api/echo', b: 1 })).toEqual({ i: 99, c: 0, d: 1 });
  });

  test('a call the executor does not answer within performAction.timeout answers 504', async () => {
    await start({ timeout: 100 });
    const client = await connect();
    const back = await call(client, { i: 1, m: 'get', p: '/api/slow' });
    expect(back.c).toBe(504);
    expect(back.m).toContain('/api/slow');
  });

  test('calls beyond performAction.maxInFlight answer 429 while earlier ones still run', async () => {
    await start({ timeout: 300, maxInFlight: 2 });
    const client = await connect();
    client.sendEvent('_b', { i: 1, m: 'get', p: '/api/slow' });
    client.sendEvent('_b', { i: 2, m: 'get', p: '/api/slow' });
    expect(await call(client, { i: 3, m: 'post', p: '/api/echo', b: 'x' })).toMatchObject({ i: 3, c: 429 });
    // Once the slow calls time out, the connection may call again.
    await client.nextEvent(event => event.name === '_c' && (event.data as { i: number }).i === 2);
    expect(await call(client, { i: 4, m: 'post', p: '/api/echo', b: 'y' })).toEqual({ i: 4, c: 0, d: 'y' });
  });

  test('the route sees the socket identity, never one claimed by client headers', async () => {
    await start();
    const anonymous = await connect();
    const forged = await call(anonymous, {
      i: 1,
      m: 'get',
      p: '/api/whoami',
      h: { authorization: 'Bearer valid:bob', 'x-vona-passport-code': 'valid:bob' },
    });
    expect(forged).toEqual({ i: 1, c: 0, d: { name: null, anonymous: true } });
    const headers = (
      await call(anonymous, { i: 2, m: 'get', p: '/api/headers', h: { authorization: 'x', 'x-trace': 't' } })
    ).d as Record<string, string>;
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-trace']).toBe('t');

    const alice = await connect('?x-vona-passport-code=valid:alice');
    expect(await call(alice, { i: 1, m: 'get', p: '/api/whoami' })).toEqual({
      i: 1,
      c: 0,
      d: { name: 'alice', anonymous: false },
    });
  });

  test('without an executor a call answers 501', async () => {
    server = await fixture.start();
    const client = await connect();
    expect(await call(client, { i: 1, m: 'get', p: '/api/echo' })).toMatchObject({ i: 1, c: 501 });
  });
});
