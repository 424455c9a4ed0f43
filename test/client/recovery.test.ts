import { afterEach, expect, test } from '@jest/globals';
import {
  retryAfterMsOf,
  type ReadyInfo,
  type ReconnectSchedule,
  type WebSocketClient,
} from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { startHistoryServer, type HistoryServer } from './support/historyServer.js';
import { nextCall, until } from './support/wait.js';

const servers: HistoryServer[] = [];

async function historyServer(options?: Parameters<typeof startHistoryServer>[0]): Promise<HistoryServer> {
  const server = await startHistoryServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await closeClients();
  await Promise.all(servers.splice(0).map(server => server.stop()));
});

/** Everything the application hears, in order: events (with offsets) and readies. */
function journal(client: WebSocketClient) {
  const seen: string[] = [];
  const readies: ReadyInfo[] = [];
  client.onEvent((name, data, offset) => seen.push(`${name}:${String(data)}@${offset ?? '-'}`));
  client.onReady((_id, info) => {
    readies.push(info);
    seen.push(`ready:${info.recovered}`);
  });
  return { seen, readies };
}

const RECOVERY_KEYS = ['x-socket-session', 'x-socket-epoch', 'x-socket-offset'];

function recoveryKeysOf(url: URL): Record<string, string | null> {
  return Object.fromEntries(RECOVERY_KEYS.map(key => [key, url.searchParams.get(key)]));
}

test('a first connection offers nothing to recover; onReady tells recovered false with the stream position', async () => {
  const server = await historyServer();
  server.appendOffline('old', 1);
  const client = makeClient();
  const { readies } = journal(client);
  client.connect(`${server.url}?x-vona-passport-code=abc`);
  const id = await client.ready;

  expect(RECOVERY_KEYS.some(key => server.upgrades[0].searchParams.has(key))).toBe(false);
  expect(server.upgrades[0].searchParams.get('x-vona-passport-code')).toBe('abc');
  expect(readies).toEqual([{ id, recovered: false, epoch: server.epoch, offset: '1' }]);
  expect(client.recovered).toBe(false);
  expect(client.position).toEqual({ epoch: server.epoch, offset: '1' });
});

test('events missed while reconnecting are replayed once, in order, before ready; the id comes back', async () => {
  const server = await historyServer();
  const client = makeClient();
  const { seen, readies } = journal(client);
  client.connect(`${server.url}?x-vona-passport-code=abc`);
  const firstId = await client.ready;
  server.broadcast('tick', 1);
  await until(() => client.position?.offset === '1');
  const firstSession = server.readies[0].session;

  // Appended right after the close, before the client can be back: it can only arrive through the replay.
  const closed = nextCall(h => client.onClose(h));
  server.closeClients(1013, 'slow consumer');
  server.appendOffline('tick', 2);
  server.appendOffline('tick', 3);
  expect((await closed)[1]).toBe(true);
  const [secondId, info] = await nextCall<[string, ReadyInfo]>(h => client.onReady(h));

  const offered = recoveryKeysOf(server.upgrades[1]);
  expect(offered).toEqual({ 'x-socket-session': firstSession, 'x-socket-epoch': server.epoch, 'x-socket-offset': '1' });
  expect(server.upgrades[1].searchParams.get('x-vona-passport-code')).toBe('abc');
  expect(secondId).toBe(firstId);
  expect(info).toEqual({ id: firstId, recovered: true, epoch: server.epoch, offset: '3' });
  expect(client.recovered).toBe(true);
  expect(seen).toEqual(['ready:false', 'tick:1@1', 'tick:2@2', 'tick:3@3', 'ready:true']);
  expect(readies).toHaveLength(2);

  // Live again, after the replay: the position moves on.
  server.broadcast('tick', 4);
  await until(() => client.position?.offset === '4');
  expect(seen.at(-1)).toBe('tick:4@4');
});

test('every reconnect offers the token of the latest sysReady (tokens are single-use)', async () => {
  const server = await historyServer();
  const client = makeClient();
  client.connect(server.url);
  await client.ready;
  for (let round = 1; round <= 2; round++) {
    const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
    server.closeClients(1012, 'service restart; retry-after-ms=10');
    const [, info] = await ready;
    expect(info.recovered).toBe(true);
    expect(server.upgrades[round].searchParams.get('x-socket-session')).toBe(server.readies[round - 1].session);
  }
  expect(new Set(server.readies.map(ready => ready.session)).size).toBe(3);
});

test('a replay the server does not confirm is dropped, and the app hears recovered false', async () => {
  const server = await historyServer();
  const client = makeClient();
  const { seen } = journal(client);
  client.connect(server.url);
  await client.ready;
  server.refuseAfterReplay = true;
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  server.closeClients(1013);
  server.appendOffline('tick', 1);
  server.appendOffline('tick', 2);
  const [, info] = await ready;

  expect(info).toEqual(expect.objectContaining({ recovered: false, offset: '2' }));
  expect(client.recovered).toBe(false);
  expect(seen).toEqual(['ready:false', 'ready:false']);
  expect(client.ignoredBeforeReady).toBe(2);
});

test('after an epoch change the recovery is refused: recovered false, the position restarts in the new epoch', async () => {
  const server = await historyServer();
  const client = makeClient();
  client.connect(server.url);
  await client.ready;
  server.broadcast('tick', 1);
  await until(() => client.position?.offset === '1');
  const oldEpoch = server.epoch;
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  server.closeClients(1013);
  server.newEpoch();
  const [, info] = await ready;

  expect(server.upgrades[1].searchParams.get('x-socket-epoch')).toBe(oldEpoch);
  expect(info).toEqual(expect.objectContaining({ recovered: false, epoch: server.epoch, offset: '0' }));
  expect(client.position).toEqual({ epoch: server.epoch, offset: '0' });
  // Offsets count from 1 again in the new epoch and are delivered, not taken for duplicates.
  const tick = nextCall(h => client.on('tick', h));
  server.broadcast('tick', 'new 1');
  expect(await tick).toEqual(['new 1']);
});

test('duplicates are dropped: a replay sent twice, and live events at or before the last offset', async () => {
  const server = await historyServer();
  const client = makeClient();
  const { seen } = journal(client);
  client.connect(server.url);
  await client.ready;
  server.broadcast('tick', 1);
  server.broadcast('tick', 2);
  await until(() => client.position?.offset === '2');
  server.duplicateReplay = true;
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  server.closeClients(1013);
  server.appendOffline('tick', 3);
  await ready;
  server.sendRaw('_:["tick",2,"2"]');
  server.sendRaw('_:["tick",3,"003"]');
  server.sendRaw('_:["tick",1,"1"]');
  server.broadcast('tick', 4);
  await until(() => client.position?.offset === '4');

  expect(seen).toEqual(['ready:false', 'tick:1@1', 'tick:2@2', 'tick:3@3', 'ready:true', 'tick:4@4']);
  expect(client.duplicatesDropped).toBe(4);
});

test('a namespace without history: no keys on reconnect, offsets neither needed nor checked', async () => {
  const server = await historyServer({ history: false });
  const client = makeClient();
  const { seen, readies } = journal(client);
  client.connect(server.url);
  const id = await client.ready;
  expect(readies).toEqual([{ id, recovered: false }]);
  expect(client.position).toBeUndefined();
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  server.closeClients(1013);
  await ready;
  expect(RECOVERY_KEYS.some(key => server.upgrades[1].searchParams.has(key))).toBe(false);
  server.sendRaw('_:["x",1,"5"]');
  server.sendRaw('_:["x",2,"5"]');
  server.broadcast('x', 3);
  await until(() => seen.length === 5);
  expect(seen.slice(2)).toEqual(['x:1@5', 'x:2@5', 'x:3@-']);
});

test('connect() after disconnect() starts afresh: its first socket offers nothing', async () => {
  const server = await historyServer();
  const client = makeClient();
  client.connect(server.url);
  await client.ready;
  await client.disconnect();
  client.connect(server.url);
  const [, info] = await nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  expect(info.recovered).toBe(false);
  expect(RECOVERY_KEYS.some(key => server.upgrades[1].searchParams.has(key))).toBe(false);
});

test('with recovery disabled a reconnect offers nothing', async () => {
  const server = await historyServer();
  const client = makeClient({ recovery: { enabled: false } });
  client.connect(server.url);
  await client.ready;
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  server.closeClients(1013);
  expect((await ready)[1].recovered).toBe(false);
  expect(RECOVERY_KEYS.some(key => server.upgrades[1].searchParams.has(key))).toBe(false);
});

test('a replay beyond maxHeld is not delivered: the recovery counts as failed', async () => {
  const server = await historyServer();
  const client = makeClient({ recovery: { maxHeld: 2 } });
  const { seen } = journal(client);
  client.connect(server.url);
  await client.ready;
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  server.closeClients(1013);
  for (let n = 1; n <= 3; n++) server.appendOffline('tick', n);
  const [, info] = await ready;
  expect(info).toEqual(expect.objectContaining({ recovered: false, offset: '3' }));
  expect(seen).toEqual(['ready:false', 'ready:false']);
  expect(client.ignoredBeforeReady).toBe(3);
});

test('1012 reconnects after a uniform draw within the retry hint, capped at maxDelay; 1000 ms without a hint', async () => {
  const server = await historyServer();
  const client = makeClient({ random: () => 0.25, reconnect: { maxDelay: 400 } });
  const schedules: ReconnectSchedule[] = [];
  client.onReconnecting(schedule => schedules.push(schedule));
  client.connect(server.url);
  await client.ready;

  for (const reason of ['service restart; retry-after-ms=200', 'service restart; retry-after-ms=60000', 'bye']) {
    const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
    server.closeClients(1012, reason);
    expect((await ready)[1].recovered).toBe(true);
  }
  expect(schedules.map(({ cap, delay }) => [cap, delay])).toEqual([
    [200, 50],
    [400, 100],
    [400, 100],
  ]);

  const lowMax = makeClient({ random: () => 0.5, reconnect: { maxDelay: 5000, restartDelay: 300 } });
  const lowSchedules: ReconnectSchedule[] = [];
  lowMax.onReconnecting(schedule => lowSchedules.push(schedule));
  lowMax.connect(server.url);
  await lowMax.ready;
  const ready = nextCall<[string, ReadyInfo]>(h => lowMax.onReady(h));
  server.closeClients(1012);
  await ready;
  expect(lowSchedules.at(-1)).toEqual(expect.objectContaining({ cap: 300, delay: 150 }));
});

test('retryAfterMsOf reads retry-after-ms=<n> from a close reason, and nothing else', () => {
  expect(retryAfterMsOf('service restart; retry-after-ms=2000')).toBe(2000);
  expect(retryAfterMsOf('retry-after-ms=0')).toBe(0);
  expect(retryAfterMsOf('service restart')).toBeUndefined();
  expect(retryAfterMsOf('retry-after-ms=')).toBeUndefined();
  expect(retryAfterMsOf('retry-after-ms=-5')).toBeUndefined();
  expect(retryAfterMsOf('xretry-after-ms=5')).toBeUndefined();
  expect(retryAfterMsOf('retry-after-ms=5x')).toBeUndefined();
});
