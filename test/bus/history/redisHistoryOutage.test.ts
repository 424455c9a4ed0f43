import { afterEach, describe, expect, test } from '@jest/globals';
import { type IHistoryPosition } from '../../../src/bus/history/history.js';
import { RedisHistory, type IRedisHistoryOptions } from '../../../src/bus/history/redisHistory.js';
import { historyKeys } from '../../../src/bus/history/redisHistoryOptions.js';
import { captureLogger } from '../../support/captureLogger.js';
import { waitFor } from '../../support/waitFor.js';
import { TcpGate } from '../tcpGate.js';
import { historyRecorder, numbered, type IHistoryRecorder } from './historyRecorder.js';
import { deleteKeys, REDIS_URL, testStoreOptions, uniquePrefix, useRedisAdmin } from './redisFixture.js';
import { RedisProxy } from './redisProxy.js';

const admin = useRedisAdmin();

/**
 * Store A reaches Redis through a gate the test shuts and opens (a network outage, or Redis down);
 * store B reaches it directly. Both are real stores on the real Redis, as two processes would be.
 */
describe('RedisHistory through a Redis outage', () => {
  const stores: RedisHistory[] = [];
  const closers: (() => Promise<void>)[] = [];
  let prefix = '';

  afterEach(async () => {
    await Promise.all(stores.splice(0).map(store => store.close()));
    await Promise.all(closers.splice(0).map(close => close()));
    await deleteKeys(admin(), prefix);
  });

  const FEED = { '/feed': { size: 100, ttlMs: 60_000 } };

  async function start(
    name: string,
    url: string,
    options: IRedisHistoryOptions = {},
    namespaces = FEED,
  ): Promise<{ store: RedisHistory; recorder: IHistoryRecorder; logger: ReturnType<typeof captureLogger> }> {
    const logger = captureLogger();
    const store = new RedisHistory(testStoreOptions(prefix, name, { url, logger, ...options }));
    stores.push(store);
    const recorder = historyRecorder();
    await store.subscribe(namespaces, recorder);
    return { store, recorder, logger };
  }

  async function gated(open: boolean): Promise<TcpGate> {
    const gate = await TcpGate.start(REDIS_URL, { open });
    closers.push(() => gate.close());
    return gate;
  }

  const consecutive = (count: number) => Array.from({ length: count }, (_, index) => String(index + 1));

  test('appends made while Redis is unreachable wait in order, are written once it is back, and reach both readers once, in order', async () => {
    prefix = uniquePrefix('history-outage');
    const gate = await gated(true);
    const a = await start('a', gate.urlFor(REDIS_URL));
    const b = await start('b', REDIS_URL);
    await a.store.append('/feed', numbered(0));
    await waitFor(() => a.recorder.entries.length === 1 && b.recorder.entries.length === 1);

    gate.shut();
    await waitFor(() => !a.store.stats.writerReady);
    const waiting: Promise<IHistoryPosition>[] = [];
    for (let n = 1; n <= 5; n++) waiting.push(a.store.append('/feed', numbered(n)));
    await b.store.append('/feed', numbered(100));
    await b.store.append('/feed', numbered(101));
    expect(a.store.stats.buffered).toBe(5);

    gate.open();
    const positions = await Promise.all(waiting);
    await waitFor(() => a.recorder.entries.length === 8 && b.recorder.entries.length === 8, 5000);

    expect(a.recorder.log).toEqual(b.recorder.log);
    expect(a.recorder.entries.map(entry => entry.offset)).toEqual(consecutive(8));
    expect(a.recorder.numbers('/feed')).toEqual([0, 100, 101, 1, 2, 3, 4, 5]);
    expect(positions.map(position => position.offset)).toEqual(['4', '5', '6', '7', '8']);
    expect(a.store.stats).toMatchObject({ appended: 6, rejected: 0, buffered: 0, gaps: 0, epochChanges: 0 });
  });

  test('an outage longer than maxBufferedAgeMs rejects the waiting append as buffer-expired, counted and logged, and no reader ever gets it', async () => {
    prefix = uniquePrefix('history-expired');
    const gate = await gated(true);
    const a = await start('a', gate.urlFor(REDIS_URL), { maxBufferedAgeMs: 300 });
    const b = await start('b', REDIS_URL);

    gate.shut();
    await waitFor(() => !a.store.stats.writerReady);
    const error = await a.store.append('/feed', numbered(1)).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ name: 'HistoryError', reason: 'buffer-expired' });
    expect((error as Error).message).toContain('maxBufferedAgeMs');
    expect(a.store.stats).toMatchObject({ rejected: 1, buffered: 0 });
    expect(a.logger.all()).toContain('waited longer than maxBufferedAgeMs (300 ms) and were rejected');

    gate.open();
    expect(await a.store.append('/feed', numbered(2))).toMatchObject({ offset: '1' });
    await waitFor(() => a.recorder.entries.length === 1 && b.recorder.entries.length === 1);
    expect(a.recorder.numbers('/feed')).toEqual([2]);
    expect(b.recorder.numbers('/feed')).toEqual([2]);
  });

  test('with maxBuffered appends already waiting, the next one is refused at once as buffer-full', async () => {
    prefix = uniquePrefix('history-full');
    const gate = await gated(true);
    const a = await start('a', gate.urlFor(REDIS_URL), { maxBuffered: 2 });
    gate.shut();
    await waitFor(() => !a.store.stats.writerReady);
    const kept = [a.store.append('/feed', numbered(1)), a.store.append('/feed', numbered(2))];
    await expect(a.store.append('/feed', numbered(3))).rejects.toMatchObject({ reason: 'buffer-full' });
    gate.open();
    expect((await Promise.all(kept)).map(position => position.offset)).toEqual(['1', '2']);
    await waitFor(() => a.recorder.entries.length === 2);
    expect(a.recorder.numbers('/feed')).toEqual([1, 2]);
  });

  test('Redis unreachable at start: subscribe goes on after subscribeWaitMs, and appends wait until the reader reaches the streams, then every reader gets them', async () => {
    prefix = uniquePrefix('history-late');
    const gate = await gated(false);
    const a = await start('a', gate.urlFor(REDIS_URL), { subscribeWaitMs: 200 });
    const b = await start('b', REDIS_URL);
    expect(a.logger.all()).toContain('within 200 ms (subscribeWaitMs)');
    expect(a.store.position('/feed')).toBeUndefined();
    const waiting = a.store.append('/feed', numbered(1));

    gate.open();
    expect(await waiting).toMatchObject({ offset: '1' });
    // A's reader found where the stream stood before A's writer wrote: A gets its own append.
    await waitFor(() => a.recorder.entries.length === 1 && b.recorder.entries.length === 1);
    expect(a.store.position('/feed')).toEqual(await waiting);
  });

  test('an append made before the reader has found where the streams stand waits for it, so the appending process reads its own entry', async () => {
    prefix = uniquePrefix('history-start');
    const proxy = await RedisProxy.start(REDIS_URL);
    closers.push(() => proxy.close());
    const name = 'slow-reader';
    proxy.holdConnectionsNamed(`${prefix}:history-read:${name}`);
    const a = await start(name, proxy.urlFor(REDIS_URL), { subscribeWaitMs: 100 });
    await waitFor(() => a.store.stats.writerReady);
    const waiting = a.store.append('/feed', numbered(1));
    // Redis is reachable, yet the append waits: written now, it would land before the reader's start.
    expect(a.store.stats.buffered).toBe(1);

    proxy.releaseConnections();
    expect(await waiting).toMatchObject({ offset: '1' });
    await waitFor(() => a.recorder.entries.length === 1);
    expect(a.recorder.numbers('/feed')).toEqual([1]);
  });

  test('a reader cut off while more than size entries were appended reports the gap once, then reads on', async () => {
    prefix = uniquePrefix('history-gap');
    const small = { '/feed': { size: 10, ttlMs: 60_000 } };
    const gate = await gated(true);
    const a = await start('a', gate.urlFor(REDIS_URL), {}, small);
    const b = await start('b', REDIS_URL, {}, small);
    await b.store.append('/feed', numbered(0));
    await waitFor(() => a.recorder.entries.length === 1);

    gate.shut();
    await waitFor(() => !a.store.stats.readerReady);
    for (let n = 1; n < 300; n++) void b.store.append('/feed', numbered(n));
    await b.store.append('/feed', numbered(300));
    gate.open();
    await waitFor(() => a.recorder.numbers('/feed').at(-1) === 300, 5000);

    const gap = a.recorder.gaps[0];
    expect(a.recorder.gaps).toHaveLength(1);
    expect(gap).toMatchObject({ namespace: '/feed', fromOffset: '2' });
    const resumedAt = Number(gap!.toOffset) + 1;
    expect(a.recorder.entries.map(entry => Number(entry.offset))).toEqual([
      1,
      ...Array.from({ length: 301 - resumedAt + 1 }, (_, index) => resumedAt + index),
    ]);
    expect(a.store.stats.gaps).toBe(1);
  });

  test('close while Redis is unreachable rejects the waiting appends as closed and leaves nothing running', async () => {
    prefix = uniquePrefix('history-close');
    const gate = await gated(true);
    const a = await start('a', gate.urlFor(REDIS_URL));
    gate.shut();
    await waitFor(() => !a.store.stats.writerReady);
    const waiting = a.store.append('/feed', numbered(1));
    await a.store.close();
    await expect(waiting).rejects.toMatchObject({ reason: 'closed' });
  });

  test('appends that ran in Redis but whose answers were lost with the connection are written once and resolve with their offsets', async () => {
    prefix = uniquePrefix('history-inflight');
    const proxy = await RedisProxy.start(REDIS_URL);
    closers.push(() => proxy.close());
    const a = await start('a', proxy.urlFor(REDIS_URL));
    const b = await start('b', REDIS_URL);
    await a.store.append('/feed', numbered(0));

    proxy.holdReplies();
    const sent: Promise<IHistoryPosition>[] = [];
    for (let n = 1; n <= 5; n++) sent.push(a.store.append('/feed', numbered(n)));
    const { meta } = historyKeys(prefix, '/feed');
    // Redis ran all five; A heard nothing back.
    await waitFor(() => b.recorder.entries.length === 6);
    expect(await admin().hget(meta, 'seq')).toBe('6');
    proxy.cut();

    const positions = await Promise.all(sent);
    expect(positions.map(position => position.offset)).toEqual(['2', '3', '4', '5', '6']);
    await waitFor(() => a.recorder.entries.length === 6);
    await a.store.append('/feed', numbered(6));
    await waitFor(() => a.recorder.entries.length === 7 && b.recorder.entries.length === 7);
    expect(a.recorder.log).toEqual(b.recorder.log);
    expect(a.recorder.numbers('/feed')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(a.recorder.entries.map(entry => entry.offset)).toEqual(consecutive(7));
    expect(a.store.stats.resent).toBe(5);
  });
});
