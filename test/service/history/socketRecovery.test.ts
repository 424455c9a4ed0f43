import { afterEach, describe, expect, jest, test } from '@jest/globals';
import {
  BeanBase,
  createConsoleLogger,
  defineModule,
  SocketConnection,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
  MemoryHistory,
  MemoryHistoryHub,
  MemorySessionStore,
  type ISessionRecord,
  type ISessionStore,
  type ISysReadyHistoryPayload,
} from '../../../src/index.js';
import { prometheusMetrics } from '../../../src/metrics/index.js';
import { ServiceSocketHistory } from '../../../src/service/socketHistory.js';
import { captureLogger } from '../../support/captureLogger.js';
import { waitFor } from '../../support/waitFor.js';
import { type ITestServer } from '../../support/testServer.js';
import { type TestClient } from '../../support/wsClient.js';
import { HistoryTestBed, ManualClock, moduleFeed, namePassport, recoveryUrl } from './historyFixture.js';

const bed = new HistoryTestBed();
afterEach(() => bed.close());

const silent = createConsoleLogger('silent');

/** The connection whose exit never returns (after the recovery onion saved its session), and whether it got there. */
const stuckExit = { id: undefined as string | undefined, reached: false };

@SocketConnection({ dependencies: 'a-socket:recovery' })
class SocketConnectionStuckExit extends BeanBase implements ISocketConnectionExecute {
  exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    if (ws.id !== stuckExit.id) return next();
    stuckExit.reached = true;
    return new Promise(() => {});
  }
}

const moduleStuckExit = defineModule({ name: 'test-stuck-exit', beans: [SocketConnectionStuckExit] });

/** Closes a client and waits until the server ran its exit chain (its session is saved then). */
async function leave(server: ITestServer, client: TestClient): Promise<void> {
  await client.close();
  await waitFor(() => server.app.registry.total === 0);
}

function readyOf(client: TestClient): ISysReadyHistoryPayload {
  return client.events.find(e => e.name === '_a')?.data as ISysReadyHistoryPayload;
}

async function recoveries(server: ITestServer): Promise<string[]> {
  const text = await prometheusMetrics(server.app).text();
  return text.split('\n').filter(line => line.startsWith('a_socket_recoveries_total{'));
}

describe('recovery', () => {
  test('the events broadcast while a client was away are replayed once, in order, before sysReady; id and rooms come back', async () => {
    const server = await bed.start({ passport: namePassport });
    const url = server.wsUrl('/ws/feed?x-vona-passport-code=alice');
    const first = await bed.connect(url);
    const feed = server.app.socketNamespace('/feed');
    feed.join(first.ready.id, 'r1');
    await feed.broadcast('tick', { seq: 1 });
    await first.client.nextEvent(e => e.offset === '1');
    await leave(server, first.client);

    await feed.broadcast('tick', { seq: 2 });
    await feed.broadcast('tick', { seq: 3 }, { room: 'r1' });
    await feed.broadcast('tick', { seq: 4 }, { room: 'r2' });
    await feed.send(first.ready.id, 'note', 'direct');
    await feed.broadcast('tick', { seq: 6 }, { exclude: first.ready.id });

    const again = bed.client(recoveryUrl(url, first.ready.session, first.ready.epoch, '1'));
    await again.nextEvent(e => e.name === '_a');
    expect(again.events).toEqual([
      { name: 'tick', data: { seq: 2 }, offset: '2' },
      { name: 'tick', data: { seq: 3 }, offset: '3' },
      { name: 'note', data: 'direct', offset: '5' },
      {
        name: '_a',
        data: {
          id: first.ready.id,
          recovered: true,
          epoch: first.ready.epoch,
          offset: '5',
          session: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        },
      },
    ]);
    expect(readyOf(again).session).not.toBe(first.ready.session);
    // The rooms are back: a room broadcast reaches it live.
    await feed.broadcast('tick', { seq: 7 }, { room: 'r1' });
    expect(await again.nextEvent(e => e.name === 'tick')).toEqual({ name: 'tick', data: { seq: 7 }, offset: '7' });
    expect(await recoveries(server)).toEqual(['a_socket_recoveries_total{result="succeeded",reason="none"} 1']);
    expect(await prometheusMetrics(server.app).text()).toContain('a_socket_events_replayed_total 3');
  });

  test('events that arrive while the recovery reads its gap are delivered once, in order, before sysReady', async () => {
    const inner = new MemorySessionStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>(resolve => (release = resolve));
    let taking = false;
    const sessions: ISessionStore = {
      save: (token, record, ttlMs) => inner.save(token, record, ttlMs),
      async take(token): Promise<ISessionRecord | undefined> {
        taking = true;
        await gate;
        return inner.take(token);
      },
      close: () => inner.close(),
    };
    const server = await bed.start({ sessions });
    const url = server.wsUrl('/ws/feed');
    const first = await bed.connect(url);
    const feed = server.app.socketNamespace('/feed');
    await leave(server, first.client);
    for (let seq = 1; seq <= 3; seq++) await feed.broadcast('tick', { seq });
    const again = bed.client(recoveryUrl(url, first.ready.session, first.ready.epoch, first.ready.offset));
    await waitFor(() => taking);
    for (let seq = 4; seq <= 6; seq++) await feed.broadcast('tick', { seq });
    release();
    await again.nextEvent(e => e.name === '_a');
    for (let seq = 7; seq <= 8; seq++) await feed.broadcast('tick', { seq });
    await again.nextEvent(e => e.offset === '8');
    expect(again.events.map(e => e.offset ?? e.name)).toEqual(['1', '2', '3', '4', '5', '6', '_a', '7', '8']);
    expect(readyOf(again)).toMatchObject({ recovered: true, offset: '6', id: first.ready.id });
  });

  test('an anonymous connection recovers too: the token is the proof', async () => {
    const server = await bed.start();
    const url = server.wsUrl('/ws/feed');
    const first = await bed.connect(url);
    await leave(server, first.client);
    await server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
    const again = await bed.connect(recoveryUrl(url, first.ready.session, first.ready.epoch, '0'));
    expect(again.ready).toMatchObject({ id: first.ready.id, recovered: true, offset: '1' });
    expect(again.client.events[0]).toEqual({ name: 'tick', data: { seq: 1 }, offset: '1' });
  });

  test('recovering with nothing missed answers the asked offset', async () => {
    const server = await bed.start();
    const url = server.wsUrl('/ws/feed');
    await server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
    const first = await bed.connect(url);
    expect(first.ready.offset).toBe('1');
    await leave(server, first.client);
    const again = await bed.connect(recoveryUrl(url, first.ready.session, first.ready.epoch, '1'));
    expect(again.ready).toMatchObject({ recovered: true, offset: '1', id: first.ready.id });
    expect(again.client.events).toHaveLength(1);
  });
});

describe('recovery when the client drops again', () => {
  test('a client that never read the sysReady of its recovery comes back with the token it recovered with', async () => {
    const server = await bed.start();
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await leave(server, first.client);
    await server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
    const url = recoveryUrl(base, first.ready.session, first.ready.epoch, first.ready.offset);
    const recovered = await bed.connect(url);
    expect(recovered.ready.recovered).toBe(true);
    // Dropped right away: as if its sysReady (with the new token) had never arrived.
    await leave(server, recovered.client);
    const again = await bed.connect(url);
    expect(again.ready).toMatchObject({ recovered: true, id: first.ready.id, offset: '1' });
    expect(again.client.events[0]).toEqual({ name: 'tick', data: { seq: 1 }, offset: '1' });
  });

  test('a recovering client that leaves before it is accepted can use its token again', async () => {
    const inner = new MemorySessionStore();
    let takes = 0;
    let release: () => void = () => undefined;
    let gate = new Promise<void>(resolve => (release = resolve));
    const sessions: ISessionStore = {
      save: (token, record, ttlMs) => inner.save(token, record, ttlMs),
      async take(token): Promise<ISessionRecord | undefined> {
        const record = await inner.take(token);
        takes++;
        await gate;
        return record;
      },
      close: () => inner.close(),
    };
    const server = await bed.start({ sessions });
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await leave(server, first.client);
    const url = recoveryUrl(base, first.ready.session, first.ready.epoch, first.ready.offset);
    const leaving = bed.client(url);
    await waitFor(() => takes === 1);
    await leaving.close();
    release();
    await waitFor(() => server.app.registry.total === 0);
    gate = Promise.resolve();
    const again = await bed.connect(url);
    expect(again.ready).toMatchObject({ recovered: true, id: first.ready.id });
  });
});

describe('recovery refused: a fresh connection, counted by reason, never a close', () => {
  async function refusedWith(
    server: ITestServer,
    url: string,
    reason: string,
  ): Promise<{ client: TestClient; ready: ISysReadyHistoryPayload }> {
    const again = await bed.connect(url);
    expect(again.ready.recovered).toBe(false);
    expect(again.client.events.filter(e => e.name !== '_a')).toEqual([]);
    expect(await recoveries(server)).toContain(`a_socket_recoveries_total{result="refused",reason="${reason}"} 1`);
    return again;
  }

  test('another user: the identity is verified afresh and must be the session’s', async () => {
    const server = await bed.start({ passport: namePassport });
    const first = await bed.connect(server.wsUrl('/ws/feed?x-vona-passport-code=alice'));
    await leave(server, first.client);
    await server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
    const url = recoveryUrl(
      server.wsUrl('/ws/feed?x-vona-passport-code=bob'),
      first.ready.session,
      first.ready.epoch,
      '0',
    );
    const again = await refusedWith(server, url, 'user');
    expect(again.ready.id).not.toBe(first.ready.id);
    expect(again.ready.offset).toBe('1');
  });

  test('a token used once is worth nothing the second time', async () => {
    const server = await bed.start();
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await leave(server, first.client);
    const url = recoveryUrl(base, first.ready.session, first.ready.epoch, '0');
    const recovered = await bed.connect(url);
    expect(recovered.ready.recovered).toBe(true);
    // While the recovered connection is open, whoever else holds the token gets nothing for it.
    const thief = await refusedWith(server, url, 'token');
    expect(thief.ready.id).not.toBe(first.ready.id);
    expect(recovered.client.ws.readyState).toBe(recovered.client.ws.OPEN);
  });

  test('more events missed than the history keeps (trimmed): no partial replay, a new id, no rooms', async () => {
    const server = await bed.start();
    const base = server.wsUrl('/ws/tiny');
    const first = await bed.connect(base);
    const tiny = server.app.socketNamespace('/tiny');
    tiny.join(first.ready.id, 'r1');
    await leave(server, first.client);
    for (let seq = 1; seq <= 4; seq++) await tiny.broadcast('tick', { seq });
    const again = await refusedWith(server, recoveryUrl(base, first.ready.session, first.ready.epoch, '0'), 'trimmed');
    expect(again.ready.id).not.toBe(first.ready.id);
    const ws = server.app.registry.get(again.ready.id);
    expect(ws && [...server.app.registry.roomsOf(ws)]).toEqual([]);
  });

  test('another epoch (the stream was recreated since): refused', async () => {
    const server = await bed.start();
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await leave(server, first.client);
    await refusedWith(server, recoveryUrl(base, first.ready.session, 'someOtherEpoch', '0'), 'epoch');
  });

  test('missed events older than the ttl: refused as expired', async () => {
    const clock = new ManualClock();
    const server = await bed.start({ history: new MemoryHistory({ logger: silent, now: clock.now }) });
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await leave(server, first.client);
    await server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
    clock.at += 60_001;
    await refusedWith(server, recoveryUrl(base, first.ready.session, first.ready.epoch, '0'), 'expired');
  });

  test('a session older than the ttl is gone: refused as token', async () => {
    const clock = new ManualClock();
    const server = await bed.start({ sessions: new MemorySessionStore({ now: clock.now }) });
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await leave(server, first.client);
    clock.at += 60_001;
    await refusedWith(server, recoveryUrl(base, first.ready.session, first.ready.epoch, '0'), 'token');
  });

  test('a session of another namespace: refused', async () => {
    const server = await bed.start();
    const first = await bed.connect(server.wsUrl('/ws/feed'));
    await leave(server, first.client);
    const url = recoveryUrl(server.wsUrl('/ws/tiny'), first.ready.session, first.ready.epoch, '0');
    await refusedWith(server, url, 'namespace');
  });

  test('malformed recovery keys: a fresh connection counted as token / offset', async () => {
    const server = await bed.start();
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    await refusedWith(server, `${base}?x-socket-session=short&x-socket-epoch=e&x-socket-offset=1`, 'token');
    await refusedWith(server, recoveryUrl(base, first.ready.session, first.ready.epoch, '-1'), 'offset');
    // Not all three keys: nothing to recover from, a fresh connection as well.
    const partial = await bed.connect(`${base}?x-socket-session=${first.ready.session}`);
    expect(partial.ready.recovered).toBe(false);
    expect(await recoveries(server)).toEqual([
      'a_socket_recoveries_total{result="refused",reason="token"} 1',
      'a_socket_recoveries_total{result="refused",reason="offset"} 2',
    ]);
  });

  test('the id is held by an open connection of this process: refused', async () => {
    const sessions = new MemorySessionStore();
    const server = await bed.start({ sessions });
    const base = server.wsUrl('/ws/feed');
    const holder = await bed.connect(base);
    const token = 'A'.repeat(43);
    await sessions.save(
      token,
      {
        id: holder.ready.id,
        namespace: '/feed',
        userKey: 'anonymous',
        rooms: [],
        epoch: holder.ready.epoch,
        offset: '0',
      },
      60_000,
    );
    await refusedWith(server, recoveryUrl(base, token, holder.ready.epoch, '0'), 'id-in-use');
  });

  test('the id is held by a connection whose exit never finishes: refused after half of timeout.enter', async () => {
    const logger = captureLogger();
    const server = await bed.start({
      logger,
      modules: [moduleFeed, moduleStuckExit],
      config: { modules: { 'a-socket': { timeout: { enter: 600, close: 300 } } } },
    });
    const base = server.wsUrl('/ws/feed');
    const first = await bed.connect(base);
    stuckExit.id = first.ready.id;
    await first.client.close();
    // Its session is saved; the onion after that never returns, so it never leaves the registry.
    await waitFor(() => stuckExit.reached);

    const again = await refusedWith(
      server,
      recoveryUrl(base, first.ready.session, first.ready.epoch, '0'),
      'id-in-use',
    );
    expect(again.ready.id).not.toBe(first.ready.id);
    expect(logger.lines.filter(line => line.level === 'warn').map(line => line.message)).toContain(
      `recovery of ${first.ready.id} on /feed refused: the connection that held the id has not finished its exit ` +
        'chain within 300 ms (half of timeout.enter)',
    );
  });
});

describe('closes of history namespaces', () => {
  test('appClose({ restart }) closes with 1012 and the retry hint; the session saved on exit recovers on another process', async () => {
    const hub = new MemoryHistoryHub();
    const sessions = new MemorySessionStore();
    const keep = { close: async () => undefined };
    const shared: ISessionStore = { save: sessions.save.bind(sessions), take: sessions.take.bind(sessions), ...keep };
    const one = await bed.start({ history: new MemoryHistory({ hub, logger: silent }), sessions: shared });
    const two = await bed.start({ history: new MemoryHistory({ hub, logger: silent }), sessions: shared });
    const first = await bed.connect(one.wsUrl('/ws/feed'));
    await one.app.appClose({ restart: { retryAfterMs: 500 } });
    expect(await first.client.closed).toEqual({ code: 1012, reason: 'service restart; retry-after-ms=500' });
    await two.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
    const again = await bed.connect(
      recoveryUrl(two.wsUrl('/ws/feed'), first.ready.session, first.ready.epoch, first.ready.offset),
    );
    expect(again.ready).toMatchObject({ recovered: true, id: first.ready.id, offset: '1' });
  });

  test('a slow consumer of a history namespace is closed with 1013 whatever slowConsumer says, never skipped', async () => {
    const server = await bed.start({
      config: { modules: { 'a-socket': { maxBufferedAmount: 512 * 1024, slowConsumer: 'skip' } } },
    });
    const slow = await bed.connect(server.wsUrl('/ws/feed'));
    const serverSide = server.app.registry.get(slow.ready.id)!;
    const close = jest.spyOn(serverSide, 'close');
    slow.client.ws.pause();
    const big = 'x'.repeat(256 * 1024);
    for (let n = 0; n < 64 && close.mock.calls.length === 0; n++) {
      await server.app.socketNamespace('/feed').broadcast('note', big);
    }
    await waitFor(() => close.mock.calls.length > 0);
    expect(close.mock.calls[0]).toEqual([1013, 'slow consumer']);
    expect(server.app.socketEvent.historySlowConsumerCloses).toBe(1);
    expect(await prometheusMetrics(server.app).text()).toContain('a_socket_history_closes_total{reason="slow"} 1');
    slow.client.ws.resume();
  });

  test("a gap in this process's reader closes the namespace's connections with 1013 `history gap`", async () => {
    const server = await bed.start();
    const onFeed = await bed.connect(server.wsUrl('/ws/feed'));
    const onPlain = await bed.connect(server.wsUrl('/ws/plain'));
    server.app
      .bean(ServiceSocketHistory)
      .listener.gap?.({ namespace: '/feed', epoch: onFeed.ready.epoch, fromOffset: '1', toOffset: '5' });
    expect(await onFeed.client.closed).toEqual({ code: 1013, reason: 'history gap' });
    expect(onPlain.client.ws.readyState).toBe(onPlain.client.ws.OPEN);
    expect(await prometheusMetrics(server.app).text()).toContain('a_socket_history_closes_total{reason="gap"} 1');
  });
});
