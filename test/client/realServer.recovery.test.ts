import { afterEach, expect, test } from '@jest/globals';
import {
  BeanSocketNamespaceBase,
  defineModule,
  MemoryBusHub,
  MemoryHistory,
  MemoryHistoryHub,
  MemorySessionStore,
  SocketNamespace,
  type ISessionStore,
} from '../../src/index.js';
import type { CloseInfo, ReadyInfo, ReconnectSchedule, WebSocketClient } from '../../src/client/index.js';
import { startTcpBalancer, type TcpBalancer } from '../../scripts/lib/tcpBalancer.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { nextCall, until } from './support/wait.js';

@SocketNamespace({ namespace: '/feed', history: { size: 1000, ttl: 60_000 } })
class SocketNamespaceFeed extends BeanSocketNamespaceBase<{ tick: { seq: number } }> {}

const moduleFeed = defineModule({ name: 'test-client-feed', beans: [SocketNamespaceFeed] });

/**
 * Two apps as two processes of one deployment: one history stream (a memory hub), one bus, one session store
 * (which the apps share: closing one app must not empty it), behind a TCP balancer without sticky sessions.
 */
async function deployment(): Promise<{ servers: ITestServer[]; balancer: TcpBalancer; url: string }> {
  const hub = new MemoryHistoryHub();
  const bus = new MemoryBusHub();
  const store = new MemorySessionStore();
  const sessions: ISessionStore = {
    save: (token, record, ttlMs) => store.save(token, record, ttlMs),
    take: token => store.take(token),
    close: async () => undefined,
  };
  const servers: ITestServer[] = [];
  for (let n = 0; n < 2; n++) {
    servers.push(
      await startTestServer({
        modules: [moduleFeed],
        history: new MemoryHistory({ hub }),
        sessions,
        bus: bus.createBus(),
      }),
    );
  }
  const balancer = await startTcpBalancer({ backends: servers.map(server => server.port) });
  opened.push({ servers, balancer });
  return { servers, balancer, url: `ws://127.0.0.1:${balancer.port}/ws/feed` };
}

const opened: { servers: ITestServer[]; balancer: TcpBalancer }[] = [];

afterEach(async () => {
  await closeClients();
  for (const { servers, balancer } of opened.splice(0)) {
    await balancer.close();
    await Promise.all(servers.map(server => server.close()));
  }
});

function ticks(client: WebSocketClient): number[] {
  const seqs: number[] = [];
  client.on('tick', data => seqs.push((data as { seq: number }).seq));
  return seqs;
}

/** The server (index) the client's one connection goes to through the balancer. */
function holderOf(balancer: TcpBalancer, servers: ITestServer[]): number {
  const counts = balancer.connectionCounts();
  return servers.findIndex(server => (counts.get(server.port) ?? 0) > 0);
}

test('a connection cut at the balancer recovers on a real server: the events broadcast meanwhile come once, in order, with the id', async () => {
  const { servers, balancer, url } = await deployment();
  const client = makeClient({ reconnect: { initialDelay: 200 } });
  const seqs = ticks(client);
  client.connect(url);
  const id = await client.ready;
  const feed = (n: number) => servers[n].app.socketNamespace('/feed');
  for (let seq = 1; seq <= 3; seq++) await feed(seq % 2).broadcast('tick', { seq });
  await until(() => seqs.length === 3);

  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  expect(balancer.dropBackend(servers[holderOf(balancer, servers)].port)).toBe(1);
  // Whether these reach the dead socket, none, or the new one live, the client must end up with each once.
  for (let seq = 4; seq <= 6; seq++) await feed(seq % 2).broadcast('tick', { seq });
  const [, info] = await ready;
  for (let seq = 7; seq <= 8; seq++) await feed(seq % 2).broadcast('tick', { seq });
  await until(() => seqs.includes(8));

  expect(info).toEqual({ id, recovered: true, epoch: expect.any(String), offset: expect.any(String) });
  expect(client.recovered).toBe(true);
  expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(client.position?.offset).toBe('8');
});

test('appClose with restart closes with 1012 and its hint; the client comes back on the other process, recovered', async () => {
  const { servers, balancer, url } = await deployment();
  const client = makeClient({ reconnect: { maxDelay: 5000 } });
  const seqs = ticks(client);
  const schedules: ReconnectSchedule[] = [];
  client.onReconnecting(schedule => schedules.push(schedule));
  const closed = nextCall<[CloseInfo, boolean]>(h => client.onClose(h));
  client.connect(url);
  const id = await client.ready;
  const holder = holderOf(balancer, servers);
  const other = servers[1 - holder];
  await other.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
  await until(() => seqs.length === 1);

  // The restarting process leaves the balancer first, as a rolling deploy takes it out of rotation.
  balancer.setBackends([other.port]);
  const ready = nextCall<[string, ReadyInfo]>(h => client.onReady(h));
  const restarting = servers[holder].app.appClose({ restart: { retryAfterMs: 300 } });
  const [close, willReconnect] = await closed;
  await other.app.socketNamespace('/feed').broadcast('tick', { seq: 2 });
  const [, info] = await ready;
  await restarting;
  await other.app.socketNamespace('/feed').broadcast('tick', { seq: 3 });
  await until(() => seqs.includes(3));

  expect(close.code).toBe(1012);
  expect(close.reason).toBe('service restart; retry-after-ms=300');
  expect(willReconnect).toBe(true);
  expect(schedules[0].cap).toBe(300);
  expect(info).toEqual(expect.objectContaining({ id, recovered: true }));
  expect(seqs).toEqual([1, 2, 3]);
  expect(balancer.connectionCounts()).toEqual(new Map([[other.port, 1]]));
});
