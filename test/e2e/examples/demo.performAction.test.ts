import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PassportTokens } from '../../../examples/demo/passportToken.js';
import { performAction, startDemoHarness, TEST_SECRET, type IDemoHarness } from './demoHarness.js';
import { type TestClient } from '../../support/wsClient.js';

/** The same routes over the socket: raw `_b` frames in, `_c` frames out, identity from the connection. */
describe('demo routes over performAction', () => {
  let harness: IDemoHarness;
  let anonymous: TestClient;
  const tokens = new PassportTokens(TEST_SECRET);

  beforeAll(async () => {
    harness = await startDemoHarness();
    anonymous = harness.connect();
    await anonymous.ready();
  });
  afterAll(async () => {
    await harness.close();
  });

  test('POST /api/echo answers the body in the exact wire format', async () => {
    anonymous.send('_:["_b",{"i":1,"m":"post","p":"/api/echo","b":{"hello":"world","n":[1,2]}}]');
    await anonymous.nextEvent(event => event.name === '_c');
    expect(anonymous.frames.at(-1)).toBe('_:["_c",{"i":1,"c":0,"d":{"hello":"world","n":[1,2]}}]');
  });

  test('GET /api/echo answers the query', async () => {
    expect(await performAction(anonymous, 'get', '/api/echo', { q: { a: 1, b: 'x' } })).toEqual({
      i: expect.any(Number),
      c: 0,
      d: { a: '1', b: 'x' },
    });
  });

  test('POST /api/passport/token answers a valid token', async () => {
    const back = await performAction(anonymous, 'post', '/api/passport/token', { b: { name: 'carol' } });
    expect(back.c).toBe(0);
    const { token } = (back as { d: { token: string } }).d;
    expect(tokens.verify(token)?.name).toBe('carol');
  });

  test('failures come back with the HTTP status and the message', async () => {
    expect(await performAction(anonymous, 'post', '/api/passport/token', { b: { name: '' } })).toEqual({
      i: expect.any(Number),
      c: 400,
      m: 'name must not be empty',
    });
    expect(await performAction(anonymous, 'get', '/nope')).toEqual({
      i: expect.any(Number),
      c: 404,
      m: 'no route for GET /nope',
    });
    // A string body travels as the raw text when the client names a non-JSON content type.
    expect(
      await performAction(anonymous, 'post', '/api/echo', { b: 'not json', h: { 'content-type': 'text/plain' } }),
    ).toMatchObject({ c: 400 });
    expect(await performAction(anonymous, 'post', '/api/echo', { b: 'a JSON string' })).toEqual({
      i: expect.any(Number),
      c: 0,
      d: 'a JSON string',
    });
  });

  test('a socket connected with ?x-vona-passport-code=<token> is that user', async () => {
    const alice = harness.connect('', { 'x-vona-passport-code': tokens.sign('alice') });
    await alice.ready();
    expect(await performAction(alice, 'get', '/api/passport/current')).toMatchObject({
      c: 0,
      d: { name: 'alice', anonymous: false },
    });
  });

  test('a socket connected without a token is anonymous', async () => {
    expect(await performAction(anonymous, 'get', '/api/passport/current')).toMatchObject({
      c: 0,
      d: { name: null, anonymous: true },
    });
  });

  test('an anonymous socket cannot claim an identity with an authorization header', async () => {
    const h = { authorization: `Bearer ${tokens.sign('bob')}`, 'x-vona-passport-code': tokens.sign('bob') };
    expect(await performAction(anonymous, 'get', '/api/passport/current', { h })).toMatchObject({
      c: 0,
      d: { name: null, anonymous: true },
    });
    expect(await performAction(anonymous, 'post', '/api/chat/message', { h, b: { text: 'I am bob' } })).toMatchObject({
      c: 401,
    });
  });

  test('a named socket keeps its own identity whatever header it sends', async () => {
    const alice = harness.connect('', { 'x-vona-passport-code': tokens.sign('alice') });
    await alice.ready();
    const h = { authorization: `Bearer ${tokens.sign('bob')}` };
    expect(await performAction(alice, 'get', '/api/passport/current', { h })).toMatchObject({
      d: { name: 'alice', anonymous: false },
    });
  });

  test('POST /api/ssrhmr/reload over the socket reaches /ssrhmr clients', async () => {
    const hmr = harness.connect('/ssrhmr');
    await hmr.ready();
    const back = await performAction(anonymous, 'post', '/api/ssrhmr/reload');
    expect(back).toMatchObject({ c: 0, d: { ok: true, at: expect.any(Number) } });
    const reload = await hmr.nextEvent(event => event.name === 'reload');
    expect(reload.data).toEqual({ at: (back as { d: { at: number } }).d.at });
  });

  test('GET /api/socket/stats counts the caller too', async () => {
    const back = (await performAction(anonymous, 'get', '/api/socket/stats')) as {
      d: { connections: number; namespaces: Record<string, number> };
    };
    expect(back.d.connections).toBe(harness.demo.app.registry.size);
    expect(back.d.namespaces['/']).toBeGreaterThanOrEqual(1);
  });

  test('POST /api/socket/send over the socket delivers to the given connection', async () => {
    const target = harness.connect('/ssrhmr');
    const id = await target.ready();
    const back = await performAction(anonymous, 'post', '/api/socket/send', {
      b: { id, eventName: 'note', data: { n: 1 } },
    });
    expect(back).toMatchObject({ c: 0, d: { ok: true } });
    expect((await target.nextEvent(event => event.name === 'note')).data).toEqual({ n: 1 });
  });
});
