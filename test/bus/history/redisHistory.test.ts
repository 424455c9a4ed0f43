import { describe, expect, test } from '@jest/globals';
import { RedisHistory } from '../../../src/bus/history/redisHistory.js';
import { historyKeys } from '../../../src/bus/history/redisHistoryOptions.js';
import { waitFor } from '../../support/waitFor.js';
import { describeHistoryContract } from './historyContract.js';
import { historyRecorder, numbered } from './historyRecorder.js';
import {
  deleteKeys,
  killConnection,
  redisFixture,
  testStoreOptions,
  uniquePrefix,
  useRedisAdmin,
} from './redisFixture.js';

const admin = useRedisAdmin();

describeHistoryContract('RedisHistory', redisFixture(admin, 'history'));

describe('RedisHistory', () => {
  const fixture = redisFixture(admin, 'history-redis');
  const FEED = { '/feed': { size: 100, ttlMs: 60_000 } };

  async function subscribedPair() {
    const stores = fixture.createStores(2) as [RedisHistory, RedisHistory];
    const recorders = [historyRecorder(), historyRecorder()] as const;
    await Promise.all(stores.map((store, index) => store.subscribe(FEED, recorders[index])));
    return { stores, recorders, prefix: stores[0].prefix };
  }

  test('deleting the keys makes a new epoch: every reader signals the change, then reads the new stream from offset 1', async () => {
    try {
      const { stores, recorders, prefix } = await subscribedPair();
      const [a, b] = stores;
      const old = await a.append('/feed', numbered(1));
      await b.append('/feed', numbered(2));
      await waitFor(() => recorders.every(recorder => recorder.entries.length === 2));

      expect(await deleteKeys(admin(), prefix)).toBe(2);
      const fresh = await b.append('/feed', numbered(3));
      await a.append('/feed', numbered(4));
      await waitFor(() => recorders.every(recorder => recorder.entries.length === 4));

      expect(fresh.epoch).not.toBe(old.epoch);
      expect(fresh.offset).toBe('1');
      for (const recorder of recorders) {
        expect(recorder.log).toEqual([
          'entry /feed 1 n=1',
          'entry /feed 2 n=2',
          'epoch /feed',
          'entry /feed 1 n=3',
          'entry /feed 2 n=4',
        ]);
        expect(recorder.epochChanges).toEqual([{ namespace: '/feed', previous: old.epoch, epoch: fresh.epoch }]);
      }
      expect(a.position('/feed')).toEqual({ epoch: fresh.epoch, offset: '2' });
      expect(await a.range('/feed', old.epoch, '1')).toMatchObject({ ok: false, reason: 'epoch' });
      expect(a.stats).toMatchObject({ epochChanges: 1, gaps: 0, invalid: 0 });
    } finally {
      await fixture.cleanup();
    }
  });

  test('keys deleted while nothing is appended: a reader that reconnects finds the new epoch and tells it', async () => {
    try {
      const { stores, recorders, prefix } = await subscribedPair();
      const [a] = stores;
      const old = await a.append('/feed', numbered(1));
      await waitFor(() => recorders[0].entries.length === 1);
      await deleteKeys(admin(), prefix);
      // Redis restarted empty looks like this to a reader: its connection drops, the keys are gone.
      await killConnection(admin(), a.connectionNames.reader);
      await waitFor(() => recorders[0].epochChanges.length === 1, 5000);
      const now = a.position('/feed');
      expect(now).toEqual({ epoch: recorders[0].epochChanges[0]!.epoch, offset: '0' });
      expect(now?.epoch).not.toBe(old.epoch);
      const next = await a.append('/feed', numbered(2));
      expect(next).toEqual({ epoch: now?.epoch, offset: '1' });
      await waitFor(() => recorders[0].entries.length === 2);
    } finally {
      await fixture.cleanup();
    }
  });

  test('an entry of a foreign shape in the stream is skipped and counted; the next one is delivered', async () => {
    try {
      const { stores, recorders, prefix } = await subscribedPair();
      const [a] = stores;
      const { epoch } = await a.append('/feed', numbered(1));
      const keys = historyKeys(prefix, '/feed');
      const base = (await admin().hget(keys.meta, 'base')) as string;
      await admin().xadd(keys.stream, `${base}-2`, 'e', epoch, 'd', '{"not":"ours"}');
      await admin().hset(keys.meta, 'seq', 2);
      await a.append('/feed', numbered(3));
      await waitFor(() => recorders[0].entries.length === 2 && recorders[1].entries.length === 2);
      expect(recorders[0].log).toEqual(['entry /feed 1 n=1', 'gap /feed 2-2', 'entry /feed 3 n=3']);
      expect(a.stats.invalid).toBe(1);
      expect(await a.range('/feed', epoch, '1')).toMatchObject({ ok: false, reason: 'trimmed' });
    } finally {
      await fixture.cleanup();
    }
  });

  test('an append whose data is not JSON rejects as unserializable and takes no offset', async () => {
    try {
      const { stores } = await subscribedPair();
      const cyclic: { self?: unknown } = {};
      cyclic.self = cyclic;
      await expect(
        stores[0].append('/feed', { kind: 'broadcast', eventName: 'x', data: cyclic }),
      ).rejects.toMatchObject({
        reason: 'unserializable',
        cause: expect.any(TypeError),
      });
      expect(await stores[0].append('/feed', numbered(1))).toMatchObject({ offset: '1' });
    } finally {
      await fixture.cleanup();
    }
  });

  test('the stream is capped near size and both keys expire: the stream after ttlMs, the epoch after epochRetentionMs', async () => {
    const prefix = uniquePrefix('history-keys');
    const store = new RedisHistory(testStoreOptions(prefix, 'capped', { epochRetentionMs: 3_600_000 }));
    try {
      await store.subscribe({ '/feed': { size: 10, ttlMs: 60_000 } }, historyRecorder());
      for (let n = 0; n < 500; n++) void store.append('/feed', numbered(n));
      await store.append('/feed', numbered(500));
      const keys = historyKeys(prefix, '/feed');
      // MAXLEN ~ trims whole nodes (100 entries): the stream stays bounded, range keeps to `size` exactly.
      expect(await admin().xlen(keys.stream)).toBeLessThanOrEqual(10 + 100);
      const streamTtl = await admin().pttl(keys.stream);
      const metaTtl = await admin().pttl(keys.meta);
      expect(streamTtl).toBeGreaterThan(0);
      expect(streamTtl).toBeLessThanOrEqual(60_000);
      expect(metaTtl).toBeGreaterThan(60_000);
      expect(metaTtl).toBeLessThanOrEqual(3_600_000);
    } finally {
      await store.close();
      await deleteKeys(admin(), prefix);
    }
  });

  test("close removes this store's resend mark from the namespace and leaves no handle open", async () => {
    const prefix = uniquePrefix('history-close');
    const store = new RedisHistory(testStoreOptions(prefix, 'closer'));
    await store.subscribe(FEED, historyRecorder());
    await store.append('/feed', numbered(1));
    const keys = historyKeys(prefix, '/feed');
    expect((await admin().hkeys(keys.meta)).filter(field => field.startsWith('w:'))).toHaveLength(1);
    await store.close();
    expect((await admin().hkeys(keys.meta)).filter(field => field.startsWith('w:'))).toHaveLength(0);
    expect(store.stats).toMatchObject({ writerReady: false, readerReady: false });
    await deleteKeys(admin(), prefix);
  });
});
