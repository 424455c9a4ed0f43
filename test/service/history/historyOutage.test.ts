import { afterEach, describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { type IDeliveryReceipt, type ISysReadyHistoryPayload } from '../../../src/index.js';
import { RedisHistory, RedisSessionStore, type IRedisHistoryOptions } from '../../../src/bus/redis/index.js';
import { historyKeys } from '../../../src/bus/history/redisHistoryOptions.js';
import { captureLogger } from '../../support/captureLogger.js';
import { waitFor } from '../../support/waitFor.js';
import { type ITestServer } from '../../support/testServer.js';
import { type TestClient } from '../../support/wsClient.js';
import { TcpGate } from '../../bus/tcpGate.js';
import { deleteKeys, REDIS_URL, uniquePrefix, useRedisAdmin } from '../../bus/history/redisFixture.js';
import { HistoryTestBed, recoveryUrl } from './historyFixture.js';

/**
 * Issue 15, part 5, end to end: two apps (two processes of one deployment) share a history on one real Redis,
 * each reaching it through its own TcpGate (test/bus/tcpGate.ts: a TCP forwarder that, shut, destroys every
 * forwarded connection and resets new ones, as a network outage or Redis down would). Real ws clients on both
 * apps. The session stores reach Redis directly: the subject is the history, and a session save that fails
 * while the gate is shut would make a refused recovery ambiguous.
 */
const admin = useRedisAdmin();
const prefixes: string[] = [];
const gates: TcpGate[] = [];
const bed = new HistoryTestBed();

afterEach(async () => {
  for (const gate of gates) gate.open();
  await bed.close();
  await Promise.all(gates.splice(0).map(gate => gate.close()));
  for (const prefix of prefixes.splice(0)) await deleteKeys(admin(), prefix);
});

interface IProcess {
  server: ITestServer;
  gate: TcpGate;
  history: RedisHistory;
  /** The store's log (buffering, expiries) and the app's (failed broadcasts, 1013 closes). */
  historyLog: ReturnType<typeof captureLogger>;
  appLog: ReturnType<typeof captureLogger>;
}

async function startProcess(prefix: string, name: string, options: IRedisHistoryOptions = {}): Promise<IProcess> {
  const gate = await TcpGate.start(REDIS_URL, { open: true });
  gates.push(gate);
  const historyLog = captureLogger();
  const appLog = captureLogger();
  const history = new RedisHistory({
    url: gate.urlFor(REDIS_URL),
    prefix,
    name,
    logger: historyLog,
    readBlockMs: 500,
    reconnectDelayMaxMs: 100,
    ...options,
  });
  const server = await bed.start({
    logger: appLog,
    history,
    sessions: new RedisSessionStore({ url: REDIS_URL, prefix, name, logger: captureLogger() }),
  });
  return { server, gate, history, historyLog, appLog };
}

async function cut(...processes: IProcess[]): Promise<void> {
  for (const { gate } of processes) gate.shut();
  await waitFor(() => processes.every(({ history }) => !history.stats.writerReady && !history.stats.readerReady));
}

async function reopen(...processes: IProcess[]): Promise<void> {
  for (const { gate } of processes) gate.open();
  await waitFor(() => processes.every(({ history }) => history.stats.writerReady && history.stats.readerReady));
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Broadcasts `tick { seq }` on `/feed` of one process; the promise is the caller's to await. */
function tick(process: IProcess, seq: number, namespace = '/feed'): Promise<IDeliveryReceipt> {
  return process.server.app.socketNamespace(namespace).broadcast('tick', { seq });
}

/** What a client received of the ticks, as `offset:seq`, in arrival order. */
function received(client: TestClient): string[] {
  return client.events.filter(e => e.name === 'tick').map(e => `${e.offset}:${(e.data as { seq: number }).seq}`);
}

/** What every client must have received: the resolved broadcasts, by their offsets in the stream. */
function expectedOrder(resolved: ReadonlyMap<number, IDeliveryReceipt>): string[] {
  return [...resolved]
    .sort(([, a], [, b]) => Number(a.offset) - Number(b.offset))
    .map(([seq, receipt]) => `${receipt.offset}:${seq}`);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => String(from + index));

describe('history through a Redis outage, end to end', () => {
  test('an outage well under maxBufferedAgeMs loses nothing: every client of both apps gets every broadcast once, in one order, and none is closed', async () => {
    const prefix = uniquePrefix('history-outage-e2e');
    prefixes.push(prefix);
    const options = { maxBufferedAgeMs: 10_000 };
    const a = await startProcess(prefix, 'a', options);
    const b = await startProcess(prefix, 'b', options);
    const connected = [
      await bed.connect(a.server.wsUrl('/ws/feed')),
      await bed.connect(a.server.wsUrl('/ws/feed')),
      await bed.connect(b.server.wsUrl('/ws/feed')),
      await bed.connect(b.server.wsUrl('/ws/feed')),
    ];
    const start = Number(connected[0]!.ready.offset);
    for (const { ready } of connected)
      expect(ready).toMatchObject({ epoch: connected[0]!.ready.epoch, offset: String(start) });

    const broadcasts = new Map<number, Promise<IDeliveryReceipt>>();
    let seq = 0;
    /** `count` broadcasts on each app, alternating; returns B's. */
    const onBoth = (count: number): Promise<IDeliveryReceipt>[] => {
      const onB: Promise<IDeliveryReceipt>[] = [];
      for (let n = 0; n < count; n++) {
        seq++;
        broadcasts.set(seq, tick(a, seq));
        seq++;
        const receipt = tick(b, seq);
        broadcasts.set(seq, receipt);
        onB.push(receipt);
      }
      return onB;
    };

    onBoth(2);
    await Promise.all(broadcasts.values());

    // A alone is cut off: its broadcasts wait in its buffer; B's are written meanwhile, and A must read them later.
    await cut(a);
    await Promise.all(onBoth(3));
    await pause(400);
    // Redis unreachable for both: both buffer.
    await cut(b);
    onBoth(3);
    await pause(600);
    expect(a.history.stats.buffered).toBe(6);
    expect(b.history.stats.buffered).toBe(3);
    // A is back while B is still cut off.
    await reopen(a);
    onBoth(3);
    await pause(400);
    await reopen(b);
    onBoth(2);

    const resolved = new Map<number, IDeliveryReceipt>();
    for (const [n, receipt] of broadcasts) resolved.set(n, await receipt);
    const order = expectedOrder(resolved);
    // The stream holds exactly the accepted broadcasts, each once, with no hole.
    expect(order.map(entry => entry.split(':')[0])).toEqual(range(start + 1, start + seq));
    // Each app's broadcasts keep the order it made them in, buffered or not (A's are odd, B's even).
    for (const parity of [1, 0]) {
      const seqs = order.map(entry => Number(entry.split(':')[1])).filter(n => n % 2 === parity);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    const last = String(start + seq);
    for (const { client } of connected) await client.nextEvent(e => e.offset === last, 5000);
    for (const { client } of connected) {
      expect(received(client)).toEqual(order);
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
    }
    for (const { history, server } of [a, b]) {
      expect(history.stats).toMatchObject({ rejected: 0, buffered: 0, gaps: 0, epochChanges: 0 });
      expect(server.app.metrics.historyCloses.size).toBe(0);
    }
    expect(a.historyLog.all()).toContain('Redis is reachable; writing 6 buffered append(s) in order');
  });

  test('an outage longer than maxBufferedAgeMs: the waiting broadcasts reject buffer-expired, counted and logged, are never delivered, and the rest arrives once, in order', async () => {
    const prefix = uniquePrefix('history-expired-e2e');
    prefixes.push(prefix);
    const options = { maxBufferedAgeMs: 500 };
    const a = await startProcess(prefix, 'a', options);
    const b = await startProcess(prefix, 'b', options);
    const connected = [
      await bed.connect(a.server.wsUrl('/ws/feed')),
      await bed.connect(b.server.wsUrl('/ws/feed')),
      await bed.connect(b.server.wsUrl('/ws/feed')),
    ];
    const resolved = new Map<number, IDeliveryReceipt>();
    const before = [tick(a, 1), tick(b, 2), tick(a, 3)];
    for (const [index, receipt] of before.entries()) resolved.set(index + 1, await receipt);

    await cut(a, b);
    const lost = await Promise.allSettled([tick(a, 4), tick(b, 5), tick(a, 6), tick(b, 7), tick(a, 8)]);
    for (const outcome of lost) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({
        name: 'HistoryError',
        reason: 'buffer-expired',
      });
    }
    expect(a.history.stats).toMatchObject({ rejected: 3, buffered: 0 });
    expect(b.history.stats).toMatchObject({ rejected: 2, buffered: 0 });
    for (const process of [a, b]) {
      expect(process.historyLog.all()).toContain('waited longer than maxBufferedAgeMs (500 ms) and were rejected');
      expect(process.appLog.all()).toContain(
        'broadcast of "tick" to history namespace /feed failed: it is not delivered',
      );
    }

    await reopen(a, b);
    const after = [tick(b, 9), tick(a, 10), tick(b, 11)];
    for (const [index, receipt] of after.entries()) resolved.set(index + 9, await receipt);

    const order = expectedOrder(resolved);
    const start = Number(connected[0]!.ready.offset);
    // The rejected broadcasts were never written, not even once Redis was back: no offset went to them.
    expect(order.map(entry => entry.split(':')[0])).toEqual(range(start + 1, start + 6));
    expect(await admin().hget(historyKeys(prefix, '/feed').meta, 'seq')).toBe(String(start + 6));
    const last = String(start + 6);
    for (const { client } of connected) await client.nextEvent(e => e.offset === last, 5000);
    for (const { client } of connected) {
      expect(received(client)).toEqual(order);
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
    }
    for (const { history, server } of [a, b]) {
      expect(history.stats).toMatchObject({ gaps: 0, epochChanges: 0, buffered: 0 });
      expect(server.app.metrics.historyCloses.size).toBe(0);
    }
  });

  test("an app cut off while more than its namespace's size is broadcast elsewhere closes its clients there with 1013 `history gap`; the others get every event once, in order", async () => {
    const prefix = uniquePrefix('history-gap-e2e');
    prefixes.push(prefix);
    const a = await startProcess(prefix, 'a', { maxBufferedAgeMs: 10_000 });
    const b = await startProcess(prefix, 'b', { maxBufferedAgeMs: 10_000 });
    // `/tiny` keeps 3 events (Redis trims whole stream nodes of 100 entries, hence the 300 below).
    const onA = await bed.connect(a.server.wsUrl('/ws/tiny'));
    const feedOnA = await bed.connect(a.server.wsUrl('/ws/feed'));
    const onB = await bed.connect(b.server.wsUrl('/ws/tiny'));
    const first = await tick(b, 1, '/tiny');
    await onA.client.nextEvent(e => e.offset === first.offset);

    await cut(a);
    const fromA = tick(a, 1000, '/tiny');
    // One after the other: B's own reader keeps up with them, so only A's misses entries.
    const fromB: IDeliveryReceipt[] = [];
    for (let n = 2; n <= 301; n++) fromB.push(await tick(b, n, '/tiny'));
    expect(a.history.stats.buffered).toBe(1);
    a.gate.open();

    expect(await onA.client.closed).toEqual({ code: 1013, reason: 'history gap' });
    const resolved = new Map<number, IDeliveryReceipt>([[1, first]]);
    for (const [index, receipt] of fromB.entries()) resolved.set(index + 2, receipt);
    resolved.set(1000, await fromA);
    const order = expectedOrder(resolved);
    await onB.client.nextEvent(e => e.offset === order.at(-1)!.split(':')[0], 5000);
    expect(received(onB.client)).toEqual(order);
    // What A's client got before the close: a prefix of the one order, each once.
    const gotOnA = received(onA.client);
    expect(gotOnA).toEqual(order.slice(0, gotOnA.length));
    expect(a.history.stats.gaps).toBe(1);
    expect(a.server.app.metrics.historyCloses.get('gap')).toBe(1);
    expect(a.appLog.all()).toContain("history of /tiny: this process's reader missed entries");
    // Only the namespace with the gap: A's /feed client and B's clients stay.
    expect(feedOnA.client.ws.readyState).toBe(WebSocket.OPEN);
    expect(onB.client.ws.readyState).toBe(WebSocket.OPEN);
    expect(b.history.stats.gaps).toBe(0);
    expect(b.server.app.metrics.historyCloses.size).toBe(0);

    // Told through recovery as well: the events it missed are gone, so B cannot replay them.
    const again = bed.client(
      recoveryUrl(b.server.wsUrl('/ws/tiny'), onA.ready.session, onA.ready.epoch, first.offset!),
    );
    const ready = (await again.nextEvent(e => e.name === '_a', 5000)).data as ISysReadyHistoryPayload;
    expect(ready.recovered).toBe(false);
    expect(b.server.app.metrics.recoveries.get('refused|trimmed')).toBe(1);
  });
});
