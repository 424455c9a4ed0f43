import { afterEach, describe, expect, test } from '@jest/globals';
import { PassportTokens } from '../../../examples/demo/passportToken.js';
import { startDemoHarness, TEST_SECRET, type IDemoHarness } from './demoHarness.js';
import { type TestClient } from '../../support/wsClient.js';

/** Connections to the demo: identity, origins, namespaces, push routes, presence. */
describe('demo sockets', () => {
  let harness: IDemoHarness;
  const tokens = new PassportTokens(TEST_SECRET);

  afterEach(async () => {
    await harness.close();
  });

  /** Frames on one socket arrive in order: a marker sent after `action` bounds what `action` caused. */
  async function eventsUntilMarker(client: TestClient, namespace: string): Promise<string[]> {
    harness.demo.app.socketEvent.broadcast(namespace, 'marker', null);
    await client.nextEvent(event => event.name === 'marker');
    return client.events.map(event => event.name);
  }

  test('a bad token is closed with 1008 and never gets sysReady', async () => {
    harness = await startDemoHarness();
    const [body, signature] = tokens.sign('alice').split('.');
    const forged = `${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const code of ['garbage', forged, new PassportTokens('another-secret-0123456789').sign('alice')]) {
      const client = harness.connect('', { 'x-vona-passport-code': code });
      const closed = await client.closed;
      expect(closed.code).toBe(1008);
      expect(client.frames).toEqual([]);
    }
    // The client sees the close before the server has run the exit chain.
    await waitFor(() => harness.demo.app.registry.total === 0);
  });

  test('a foreign Origin is closed with 1008; the own host and ALLOWED_ORIGINS are ready', async () => {
    harness = await startDemoHarness({ allowedOrigins: ['http://localhost:5173'] });
    const foreign = harness.connect('', {}, { origin: 'https://evil.example' });
    expect((await foreign.closed).code).toBe(1008);
    expect(foreign.frames).toEqual([]);

    const own = harness.connect('', {}, { origin: `http://127.0.0.1:${harness.demo.port}` });
    const allowed = harness.connect('', {}, { origin: 'http://localhost:5173' });
    const none = harness.connect();
    await expect(Promise.all([own.ready(), allowed.ready(), none.ready()])).resolves.toHaveLength(3);
  });

  test('an undeclared namespace is refused with HTTP 404', async () => {
    harness = await startDemoHarness();
    await expect(harness.connect('/nowhere').opened).rejects.toThrow('unexpected response 404');
  });

  test('POST /api/ssrhmr/reload over HTTP reaches a /ws/ssrhmr client and not a /ws client', async () => {
    harness = await startDemoHarness();
    const hmr = harness.connect('/ssrhmr');
    const root = harness.connect();
    await Promise.all([hmr.ready(), root.ready()]);

    const response = await harness.http('POST', '/api/ssrhmr/reload');
    const { at } = (await response.json()) as { at: number };
    const reload = await hmr.nextEvent(event => event.name === 'reload');
    expect(reload.data).toEqual({ at });
    expect(hmr.frames.at(-1)).toBe(`_:["reload",{"at":${at}}]`);
    expect(await eventsUntilMarker(root, '/')).toEqual(['_a', 'marker']);
  });

  test('POST /api/socket/broadcast reaches every client of the namespace and no other', async () => {
    harness = await startDemoHarness();
    const chatA = harness.connect('/chat');
    const chatB = harness.connect('/chat');
    const root = harness.connect();
    await Promise.all([chatA.ready(), chatB.ready(), root.ready()]);

    const body = { namespace: '/chat', eventName: 'news', data: { headline: 'hi' } };
    // /chat keeps history: the answer carries the event's offset.
    expect(await (await harness.http('POST', '/api/socket/broadcast', body)).json()).toEqual({ ok: true, offset: '1' });
    for (const client of [chatA, chatB]) {
      expect((await client.nextEvent(event => event.name === 'news')).data).toEqual({ headline: 'hi' });
    }
    expect(await eventsUntilMarker(root, '/')).toEqual(['_a', 'marker']);
  });

  test('POST /api/socket/send reaches only the connection with that id', async () => {
    harness = await startDemoHarness();
    const target = harness.connect();
    const other = harness.connect();
    const [id] = await Promise.all([target.ready(), other.ready()]);

    const response = await harness.http('POST', '/api/socket/send', { id, eventName: 'ping', data: 7 });
    expect(await response.json()).toEqual({ ok: true });
    expect((await target.nextEvent(event => event.name === 'ping')).data).toBe(7);
    expect(await eventsUntilMarker(other, '/')).toEqual(['_a', 'marker']);
  });

  test('GET /api/socket/stats counts open connections per namespace', async () => {
    harness = await startDemoHarness();
    const clients = [
      harness.connect(),
      harness.connect('/ssrhmr'),
      harness.connect('/ssrhmr'),
      harness.connect('/chat'),
    ];
    await Promise.all(clients.map(client => client.ready()));
    expect(await (await harness.http('GET', '/api/socket/stats')).json()).toEqual({
      connections: 4,
      namespaces: { '/': 1, '/ssrhmr': 2, '/chat': 1, '/feed': 0 },
    });

    await clients[1].close();
    await waitFor(() => harness.demo.app.registry.size === 3);
    expect(await (await harness.http('GET', '/api/socket/stats')).json()).toEqual({
      connections: 3,
      namespaces: { '/': 1, '/ssrhmr': 1, '/chat': 1, '/feed': 0 },
    });
  });

  test('/chat clients hear chat:presence after sysReady on every enter and exit', async () => {
    harness = await startDemoHarness();
    const alice = harness.connect('/chat', { 'x-vona-passport-code': tokens.sign('alice') });
    await alice.ready();
    expect((await alice.nextEvent(event => event.name === 'chat:presence')).data).toEqual({ online: ['alice'] });

    const bob = harness.connect('/chat', { 'x-vona-passport-code': tokens.sign('bob') });
    await bob.ready();
    expect(bob.events[0].name).toBe('_a');
    for (const client of [alice, bob]) {
      expect((await client.nextEvent(event => event.name === 'chat:presence')).data).toEqual({
        online: ['alice', 'bob'],
      });
    }

    // An anonymous listener is told who is there but adds no name.
    const listener = harness.connect('/chat');
    await listener.ready();
    for (const client of [alice, bob, listener]) {
      expect((await client.nextEvent(event => event.name === 'chat:presence')).data).toEqual({
        online: ['alice', 'bob'],
      });
    }

    await bob.close();
    expect((await alice.nextEvent(event => event.name === 'chat:presence')).data).toEqual({ online: ['alice'] });
  });

  test('a connection refused on /chat does not change presence', async () => {
    harness = await startDemoHarness();
    const alice = harness.connect('/chat', { 'x-vona-passport-code': tokens.sign('alice') });
    await alice.ready();
    await alice.nextEvent(event => event.name === 'chat:presence');

    const refused = harness.connect('/chat', { 'x-vona-passport-code': 'garbage' });
    expect((await refused.closed).code).toBe(1008);
    // Had the refused connection's exit been counted, alice would hear a presence frame before this one.
    const carol = harness.connect('/chat', { 'x-vona-passport-code': tokens.sign('carol') });
    await carol.ready();
    expect((await alice.nextEvent(event => event.name === 'chat:presence')).data).toEqual({
      online: ['alice', 'carol'],
    });
    expect(alice.events.filter(event => event.name === 'chat:presence')).toHaveLength(2);
  });

  test('POST /api/chat/message broadcasts chat:message from the caller to /chat', async () => {
    harness = await startDemoHarness();
    const alice = harness.connect('/chat', { 'x-vona-passport-code': tokens.sign('alice') });
    const root = harness.connect();
    await Promise.all([alice.ready(), root.ready()]);

    const bearer = { authorization: `Bearer ${tokens.sign('bob')}` };
    const response = await harness.http('POST', '/api/chat/message', { text: 'hello' }, bearer);
    const { message } = (await response.json()) as { message: unknown };
    const heard = await alice.nextEvent(event => event.name === 'chat:message');
    expect(heard.data).toEqual(message);
    expect(heard.data).toEqual({ from: 'bob', text: 'hello', at: expect.any(Number) });
    expect(await eventsUntilMarker(root, '/')).toEqual(['_a', 'marker']);
  });

  test('close() closes every client with 1001', async () => {
    harness = await startDemoHarness();
    const client = harness.connect('/ssrhmr');
    await client.ready();
    await harness.demo.close();
    expect((await client.closed).code).toBe(1001);
    expect(harness.demo.server.listening).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
