/**
 * The client's reconnect policy against the real a-socket server: a restart on the same port (1001, then
 * refused connections, then a new server), a bad passport code (1008), and a server that is not ready (1013).
 */
import { afterEach, expect, test } from '@jest/globals';
import type { ReconnectSchedule, WebSocketClient } from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { ALICE_CODE, startRealServer, type RealServer } from './support/realServer.js';
import { firstCall, nextCall, settle, until } from './support/wait.js';

const servers: RealServer[] = [];

async function startServer(options: Parameters<typeof startRealServer>[0] = {}): Promise<RealServer> {
  const server = await startRealServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await closeClients();
  await Promise.all(servers.splice(0).map(server => server.close()));
});

/** Every close (code, willReconnect) and every scheduled reconnect of a client. */
function record(client: WebSocketClient) {
  const closes: [number, boolean][] = [];
  const schedules: ReconnectSchedule[] = [];
  client.onClose((close, willReconnect) => closes.push([close.code, willReconnect]));
  client.onReconnecting(schedule => schedules.push(schedule));
  return { closes, schedules };
}

test('after the server restarts on the same port the client is back: a new id, events and RPC flow again', async () => {
  const first = await startServer();
  const client = makeClient();
  const { closes } = record(client);
  const news: unknown[] = [];
  client.on('news', data => news.push(data));
  client.connect(first.wsUrl({ passportCode: ALICE_CODE }));
  const firstId = await client.ready;
  const heard = nextCall(handler => client.on('news', handler));
  first.app.socketEvent.broadcast('/', 'news', 'before restart');
  await heard;

  await first.close();
  await until(() => client.state === 'reconnecting');
  expect(closes[0]).toEqual([1001, true]);
  expect(client.id).toBeUndefined();
  // Let at least one attempt hit the closed port (1006, refused) before the server comes back.
  await until(() => closes.length >= 2);
  expect(closes[1]).toEqual([1006, true]);

  const second = await startServer({ port: first.port });
  const secondId = await client.ready;
  expect(secondId).not.toBe(firstId);
  expect(second.app.registry.get(secondId)).toBeDefined();
  const heardAgain = nextCall(handler => client.on('news', handler));
  second.app.socketEvent.broadcast('/', 'news', 'after restart');
  await heardAgain;
  expect(news).toEqual(['before restart', 'after restart']);
  // The passport code travels again with the reconnect: the new server knows who this is.
  await expect(client.performAction('get', '/api/whoami')).resolves.toEqual({ name: 'alice', anonymous: false });
});

test('a bad passport code closes with 1008 and the client stops instead of trying again', async () => {
  const server = await startServer();
  const client = makeClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
  const { closes, schedules } = record(client);
  const readyFailure = client.ready.catch((error: unknown) => error);
  client.connect(server.wsUrl({ passportCode: 'not-a-valid-code' }));

  await until(() => closes.length > 0);
  expect(closes).toEqual([[1008, false]]);
  expect(client.state).toBe('closed');
  await expect(readyFailure).resolves.toMatchObject({ code: 'not_connected' });
  // Ten times the largest delay: a client that retried would have come back by now.
  await settle(200);
  expect(server.upgrades).toBe(1);
  expect(schedules).toEqual([]);
  expect(server.app.registry.total).toBe(0);
});

test('while the server refuses with 1013 each delay stays within a cap that stops at maxDelay; ready resets it', async () => {
  let hostReady = false;
  const server = await startServer({ isReady: () => hostReady });
  const draws = [0.999, 0.5, 0.25, 0];
  let n = 0;
  const options = { initialDelay: 10, maxDelay: 40, factor: 2 };
  const client = makeClient({ random: () => draws[n++ % draws.length], reconnect: options });
  const { closes, schedules } = record(client);
  client.connect(server.wsUrl());

  await until(() => schedules.length >= 6);
  // Every attempt reached the server and was refused there, not lost on the way.
  expect(closes.slice(0, 6)).toEqual(Array.from({ length: 6 }, () => [1013, true]));
  expect(server.upgrades).toBeGreaterThanOrEqual(6);
  expect(schedules.slice(0, 6).map(s => s.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(schedules.slice(0, 6).map(s => s.cap)).toEqual([10, 20, 40, 40, 40, 40]);
  for (const [index, { delay, cap }] of schedules.entries()) {
    expect(cap).toBeLessThanOrEqual(options.maxDelay);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(cap);
    expect(delay).toBeCloseTo(draws[index % draws.length] * cap, 6);
  }

  hostReady = true;
  await client.ready;
  const attemptsBeforeReady = schedules.length;
  const next = firstCall<[ReconnectSchedule]>(
    handler => client.onReconnecting(handler),
    () => true,
  );
  for (const ws of server.app.registry.all()) ws.close(1013, 'try again later');
  const [afterReady] = await next;
  expect(schedules.length).toBe(attemptsBeforeReady + 1);
  expect(afterReady).toMatchObject({ attempt: 1, cap: options.initialDelay });
  await client.ready;
});
