import { afterEach, beforeEach, expect, test } from '@jest/globals';
import type { CloseInfo, ReconnectSchedule, WebSocketClient } from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { startProtocolServer, type ProtocolServer } from './support/protocolServer.js';
import { firstCall, nextCall, settle, until } from './support/wait.js';

let server: ProtocolServer;

beforeEach(async () => {
  server = await startProtocolServer();
});

afterEach(async () => {
  await closeClients();
  await server.stop();
});

/** Records every close and every scheduled reconnect of a client. */
function record(client: WebSocketClient) {
  const closes: [number, boolean][] = [];
  const schedules: ReconnectSchedule[] = [];
  client.onClose((close: CloseInfo, willReconnect) => closes.push([close.code, willReconnect]));
  client.onReconnecting(schedule => schedules.push(schedule));
  return { closes, schedules };
}

test('after the server restarts the client reconnects: a new id, and the same handlers get events again', async () => {
  const client = makeClient();
  const { closes } = record(client);
  const received: unknown[] = [];
  client.on('news', data => received.push(data));
  client.connect(server.url);
  const firstId = await client.ready;
  await server.stop();
  await until(() => closes.length > 0);
  expect(closes[0]).toEqual([1001, true]);
  expect(client.id).toBeUndefined();
  let readyAgain = false;
  void client.ready.then(() => (readyAgain = true));

  await server.restart();
  const secondId = await client.ready;
  expect(readyAgain).toBe(true);
  expect(secondId).not.toBe(firstId);
  expect(client.id).toBe(secondId);
  const news = nextCall(h => client.on('news', h));
  server.broadcast('news', 'after restart');
  await news;
  expect(received).toEqual(['after restart']);
  await expect(client.performAction('post', '/api/echo', { body: 'rpc again' })).resolves.toBe('rpc again');
});

test('backoff delays are random() times a cap that grows by factor up to maxDelay, and reset after ready', async () => {
  const draws = [0.1, 0.9, 0.5, 0, 0.999];
  let n = 0;
  const client = makeClient({
    random: () => draws[n++ % draws.length],
    reconnect: { initialDelay: 20, maxDelay: 100, factor: 2 },
  });
  const { schedules } = record(client);
  client.connect(server.url);
  await client.ready;
  await server.stop();
  await until(() => schedules.length >= 5);
  const firstFive = schedules.slice(0, 5);
  expect(firstFive.map(s => s.attempt)).toEqual([1, 2, 3, 4, 5]);
  expect(firstFive.map(s => s.cap)).toEqual([20, 40, 80, 100, 100]);
  expect(firstFive.map(s => s.delay)).toEqual([2, 36, 40, 0, 99.9].map(d => expect.closeTo(d, 6)));
  for (const { delay, cap } of schedules) {
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(cap);
  }

  await server.restart();
  await client.ready;
  const before = schedules.length;
  const next = nextCall(h => client.onReconnecting(h));
  server.closeClients(1011, 'onion failed');
  const [afterReady] = await next;
  expect(schedules.length).toBe(before + 1);
  expect(afterReady).toMatchObject({ attempt: 1, cap: 20 });
  await client.ready;
});

test.each([
  [1000, 'normal'],
  [1008, 'policy'],
])('no reconnect after the server closes with %i (%s): the client stops and ready rejects', async code => {
  const client = makeClient();
  const { closes, schedules } = record(client);
  client.connect(server.url);
  await client.ready;
  const closed = nextCall(h => client.onClose(h));
  server.closeClients(code, 'go away');
  const [close, willReconnect] = await closed;
  expect(close).toMatchObject({ code, reason: 'go away' });
  expect(willReconnect).toBe(false);
  expect(client.state).toBe('closed');
  await expect(client.ready).rejects.toMatchObject({ code: 'not_connected' });
  expect(closes).toEqual([[code, false]]);
  expect(schedules).toEqual([]);
  expect(() => client.sendEvent('x')).toThrow(expect.objectContaining({ code: 'not_connected' }));
});

test.each([1011, 1013])('the client reconnects after %i and becomes ready again', async code => {
  const client = makeClient();
  const { closes } = record(client);
  client.connect(server.url);
  const firstId = await client.ready;
  const reconnected = firstCall(
    h => client.onReady(h),
    id => id !== firstId,
  );
  server.closeClients(code);
  const [secondId] = await reconnected;
  expect(closes).toEqual([[code, true]]);
  expect(secondId).not.toBe(firstId);
});

test('disconnect() while waiting to reconnect cancels the reconnect', async () => {
  const client = makeClient();
  const { schedules } = record(client);
  client.connect(server.url);
  await client.ready;
  await server.stop();
  await until(() => schedules.length > 0);
  await client.disconnect();
  expect(client.state).toBe('closed');
  await expect(client.ready).rejects.toMatchObject({ code: 'not_connected' });
  await server.restart();
  // Longer than any delay (maxDelay 100): a reconnect that was not cancelled would have connected by now.
  await settle(150);
  expect(server.connectionCount).toBe(0);
  expect(client.state).toBe('closed');
});

test('after maxAttempts failed reconnects the client gives up', async () => {
  const client = makeClient({ reconnect: { maxAttempts: 2 } });
  const { closes, schedules } = record(client);
  client.connect(server.url);
  await client.ready;
  await server.stop();
  await until(() => client.state === 'closed');
  expect(schedules.map(s => s.attempt)).toEqual([1, 2]);
  expect(closes).toEqual([
    [1001, true],
    [1006, true],
    [1006, false],
  ]);
  await expect(client.ready).rejects.toMatchObject({ code: 'not_connected' });
});

test('reconnect.enabled false and shouldReconnect decide instead of the default codes', async () => {
  const off = makeClient({ reconnect: { enabled: false } });
  const offRecord = record(off);
  const custom = makeClient({ reconnect: { shouldReconnect: close => close.code === 4001 } });
  const customRecord = record(custom);
  off.connect(server.url);
  custom.connect(server.url);
  const customFirst = await custom.ready;
  await off.ready;
  const customBack = firstCall(
    h => custom.onReady(h),
    id => id !== customFirst,
  );
  server.closeClients(4001, 'module says retry');
  await customBack;
  await until(() => off.state === 'closed');
  expect(offRecord.closes).toEqual([[4001, false]]);
  expect(customRecord.closes).toEqual([[4001, true]]);
  const customClosed = nextCall(h => custom.onClose(h));
  server.closeClients(1001);
  expect((await customClosed)[1]).toBe(false);
});
