import { describe, expect, test } from '@jest/globals';
import { MemoryHistory } from '../../../src/bus/history/memoryHistory.js';
import { MemoryHistoryHub } from '../../../src/bus/history/memoryHistoryHub.js';
import { captureLogger } from '../../support/captureLogger.js';
import { describeHistoryContract, type IHistoryFixture } from './historyContract.js';
import { historyRecorder, numbered } from './historyRecorder.js';

function memoryFixture(): IHistoryFixture {
  let hub: MemoryHistoryHub | undefined;
  const stores: MemoryHistory[] = [];
  return {
    createStores(count, clock) {
      hub ??= new MemoryHistoryHub();
      const made = Array.from(
        { length: count },
        () => new MemoryHistory({ hub, logger: captureLogger(), now: clock?.now }),
      );
      stores.push(...made);
      return made;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map(store => store.close()));
      hub = undefined;
    },
  };
}

describeHistoryContract('MemoryHistory', memoryFixture());

describe('MemoryHistory', () => {
  test('a new hub (a restarted process) is a new epoch: an offset of the old one is refused as epoch', async () => {
    const old = new MemoryHistory();
    await old.subscribe({ '/feed': { size: 10, ttlMs: 1000 } }, historyRecorder());
    const { epoch } = await old.append('/feed', numbered(1));
    const restarted = new MemoryHistory();
    await restarted.subscribe({ '/feed': { size: 10, ttlMs: 1000 } }, historyRecorder());
    expect(restarted.position('/feed')?.epoch).not.toBe(epoch);
    expect(await restarted.range('/feed', epoch, '1')).toMatchObject({ ok: false, reason: 'epoch' });
  });

  test('the listener is called after append returns, never inside it, and entries appended by the listener follow in order', async () => {
    const store = new MemoryHistory();
    const recorder = historyRecorder();
    const entry = recorder.entry;
    recorder.entry = item => {
      entry(item);
      if ((item.data as { n: number }).n === 1) void store.append('/feed', numbered(3));
    };
    await store.subscribe({ '/feed': { size: 10, ttlMs: 1000 } }, recorder);
    void store.append('/feed', numbered(1));
    void store.append('/feed', numbered(2));
    expect(recorder.entries).toEqual([]);
    await Promise.resolve();
    expect(recorder.numbers('/feed')).toEqual([1, 2, 3]);
    expect(store.stats).toEqual({ appended: 3, delivered: 3, listenerErrors: 0 });
  });

  test('two apps of one hub must declare a namespace with the same limits', async () => {
    const hub = new MemoryHistoryHub();
    await new MemoryHistory({ hub }).subscribe({ '/feed': { size: 10, ttlMs: 1000 } }, historyRecorder());
    await expect(
      new MemoryHistory({ hub }).subscribe({ '/feed': { size: 20, ttlMs: 1000 } }, historyRecorder()),
    ).rejects.toThrow(
      /\/feed is declared with size 20, ttlMs 1000, but another app of this hub declared size 10, ttlMs 1000/,
    );
  });
});
