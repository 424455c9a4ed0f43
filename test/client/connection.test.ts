import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { SocketClientError, WebSocketClient } from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { startProtocolServer, type ProtocolServer } from './support/protocolServer.js';
import { nextCall, until } from './support/wait.js';

declare module '../../src/index.js' {
  interface ISocketEventRecord {
    'test:chat': { text: string };
  }
}

let server: ProtocolServer;

beforeEach(async () => {
  server = await startProtocolServer();
});

afterEach(async () => {
  await closeClients();
  await server.stop();
});

test('ready resolves with the id from sysReady, and id, state and connected follow it', async () => {
  const client = makeClient();
  expect(client.state).toBe('idle');
  expect(client.connected).toBe(false);
  const opened = nextCall(h => client.onOpen(h));
  const readyCall = nextCall(h => client.onReady(h));
  client.connect(server.url);
  expect(client.state).toBe('connecting');
  await opened;
  const id = await client.ready;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(await readyCall).toEqual([id, { id, recovered: false }]);
  expect(client.id).toBe(id);
  expect(client.state).toBe('ready');
  expect(client.connected).toBe(true);
  expect(client.isReady).toBe(true);
  expect(client.readyState).toBe(1);
});

test('the client becomes ready against a server that sends Vona\'s bare sysReady _:["_a",null], with an empty id', async () => {
  const vona = await startProtocolServer({ bareReady: true });
  try {
    const client = makeClient();
    const readyCall = nextCall(h => client.onReady(h));
    client.connect(vona.url);
    expect(await client.ready).toBe('');
    expect(await readyCall).toEqual(['', { id: '', recovered: false }]);
    expect(client.id).toBe('');
    expect(client.isReady).toBe(true);
    expect(client.sendEvent('hello', 1)).toBe('sent');
    expect(await client.performAction('post', '/api/echo', { body: 'through Vona' })).toBe('through Vona');
    await client.disconnect();
  } finally {
    await vona.stop();
  }
});

test('sysEventsSkipped adds its count to skippedEvents and reaches onEventsSkipped, not on or onEvent; a malformed one is a fallback', async () => {
  const client = makeClient();
  const counts: number[] = [];
  const events: string[] = [];
  const fallbacks: unknown[] = [];
  client.onEventsSkipped(count => counts.push(count));
  client.onEvent(eventName => events.push(eventName));
  client.on('sysEventsSkipped', data => events.push(`on: ${JSON.stringify(data)}`));
  client.onFallback(raw => fallbacks.push(raw));
  client.connect(server.url);
  await client.ready;
  expect(client.skippedEvents).toBe(0);
  server.broadcast('sysEventsSkipped', { count: 3 });
  server.broadcast('sysEventsSkipped', { count: 4 });
  const bad = [
    '_:["sysEventsSkipped",{"count":-1}]',
    '_:["sysEventsSkipped",{"count":"2"}]',
    '_:["sysEventsSkipped",null]',
  ];
  for (const frame of bad) server.sendRaw(frame);
  const sentinel = nextCall(h => client.on('after', h));
  server.broadcast('after', 1);
  await sentinel;
  expect(counts).toEqual([3, 4]);
  expect(client.skippedEvents).toBe(7);
  expect(events).toEqual(['after']);
  expect(fallbacks).toEqual(bad);
});

test('on delivers the data of one event name; its unsubscribe function and off stop it', async () => {
  const client = makeClient();
  const texts: string[] = [];
  const others: unknown[] = [];
  const unsubscribe = client.on('test:chat', data => texts.push(data.text));
  const other = (data: unknown) => others.push(data);
  client.on('test:other', other);
  client.connect(server.url);
  await client.ready;

  let sentinel = nextCall(h => client.on('test:sentinel', h));
  server.broadcast('test:chat', { text: 'one' });
  server.broadcast('test:other', [1, 2]);
  server.broadcast('test:sentinel', 1);
  await sentinel;
  expect(texts).toEqual(['one']);
  expect(others).toEqual([[1, 2]]);

  unsubscribe();
  client.off('test:other', other);
  sentinel = nextCall(h => client.on('test:sentinel', h));
  server.broadcast('test:chat', { text: 'two' });
  server.broadcast('test:other', 3);
  server.broadcast('test:sentinel', 2);
  // Frames arrive in order: once the sentinel is here, the two events before it were dispatched to no one.
  expect(await sentinel).toEqual([2]);
  expect(texts).toEqual(['one']);
  expect(others).toEqual([[1, 2]]);
});

test('onEvent sees every server event with its name, in order, but not the system events the client consumes', async () => {
  const client = makeClient();
  const seen: [string, unknown][] = [];
  client.onEvent((eventName, data) => seen.push([eventName, data]));
  client.connect(server.url);
  await client.ready;
  await client.performAction('post', '/api/echo', { body: 1 });
  const sentinel = nextCall(h => client.on('c', h));
  server.broadcast('a', { x: 1 });
  server.broadcast('b', null);
  server.broadcast('c', 'last');
  await sentinel;
  expect(seen).toEqual([
    ['a', { x: 1 }],
    ['b', null],
    ['c', 'last'],
  ]);
});

test('frames that are not events go to onFallback raw, and the connection keeps working', async () => {
  const client = makeClient();
  const fallbacks: unknown[] = [];
  client.onFallback(raw => fallbacks.push(raw));
  client.connect(server.url);
  const id = await client.ready;
  const bad = ['hello', '_:{not json', '_:{"a":1}', '_:[1,2]', '_:[]', '_:["_a",{"noId":true}]', '_:["_c",42]'];
  for (const frame of bad) server.sendRaw(frame);
  const sentinel = nextCall(h => client.on('after', h));
  server.broadcast('after', 'still fine');
  expect(await sentinel).toEqual(['still fine']);
  expect(fallbacks).toEqual(bad);
  expect(client.id).toBe(id);
  expect(client.isReady).toBe(true);
});

test('a throwing handler goes to onError and does not keep the other handlers from their event', async () => {
  const client = makeClient();
  const errors: unknown[] = [];
  const boom = new Error('handler failed');
  client.onError(error => errors.push(error));
  client.on('e', () => {
    throw boom;
  });
  const second = nextCall(h => client.on('e', h));
  client.connect(server.url);
  await client.ready;
  server.broadcast('e', 7);
  expect(await second).toEqual([7]);
  expect(errors).toEqual([boom]);
});

test('without options.WebSocket it uses globalThis.WebSocket, and says so clearly when there is none', async () => {
  const global = globalThis as { WebSocket?: unknown };
  const saved = global.WebSocket;
  try {
    delete global.WebSocket;
    const bare = new WebSocketClient();
    expect(() => bare.connect(server.url)).toThrow(expect.objectContaining({ code: 'no_websocket' }));
    global.WebSocket = WebSocket;
    const client = makeClient({ WebSocket: undefined });
    client.connect(server.url);
    await expect(client.ready).resolves.toEqual(expect.any(String));
  } finally {
    global.WebSocket = saved;
  }
});

test('connect while connected, and disconnect with a code browsers refuse, are errors with codes', async () => {
  const client = makeClient();
  client.connect(server.url);
  await client.ready;
  expect(() => client.connect(server.url)).toThrow(SocketClientError);
  expect(() => client.connect(server.url)).toThrow(expect.objectContaining({ code: 'already_connected' }));
  expect(() => client.disconnect(1001)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  expect(() => client.disconnect(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  expect(client.isReady).toBe(true);
});

test('disconnect closes with 1000, reports onClose without reconnect, rejects ready and refuses to send', async () => {
  const client = makeClient();
  client.connect(server.url);
  await client.ready;
  const closed = nextCall(h => client.onClose(h));
  await client.disconnect(1000, 'bye');
  expect(await closed).toEqual([{ code: 1000, reason: 'bye', wasClean: true }, false]);
  expect(client.state).toBe('closed');
  expect(client.id).toBeUndefined();
  await expect(client.ready).rejects.toMatchObject({ code: 'not_connected' });
  expect(() => client.sendEvent('x', 1)).toThrow(expect.objectContaining({ code: 'not_connected' }));
  await until(() => server.connectionCount === 0);
});

test('connect after disconnect starts a new connection with a new id', async () => {
  const client = makeClient();
  client.connect(server.url);
  const first = await client.ready;
  await client.disconnect();
  client.connect(server.url);
  const second = await client.ready;
  expect(second).not.toBe(first);
  expect(client.isReady).toBe(true);
});

test('disconnect while the socket is still connecting closes it quietly: no error reported, no reconnect', async () => {
  const client = makeClient();
  const errors: unknown[] = [];
  const closes: [number, boolean][] = [];
  client.onError(error => errors.push(error));
  client.onClose((close, willReconnect) => closes.push([close.code, willReconnect]));
  client.connect(server.url);
  expect(client.readyState).toBe(0);
  await client.disconnect();
  expect(client.state).toBe('closed');
  expect(client.readyState).toBe(3);
  expect(errors).toEqual([]);
  expect(closes).toEqual([[1006, false]]);
});

test('a refused connection goes to onError and onClose with 1006, and is retried', async () => {
  const client = makeClient();
  await server.stop();
  const error = nextCall(h => client.onError(h));
  const closed = nextCall(h => client.onClose(h));
  const retry = nextCall(h => client.onReconnecting(h));
  client.connect(server.url);
  expect(String((await error)[0])).toMatch(/ECONNREFUSED/);
  expect(await closed).toEqual([expect.objectContaining({ code: 1006, wasClean: false }), true]);
  expect((await retry)[0]).toMatchObject({ attempt: 1 });
  await server.restart();
  await client.ready;
});
