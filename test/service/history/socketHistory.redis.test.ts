import { describe, expect, test } from '@jest/globals';
import { type ISysReadyHistoryPayload } from '../../../src/index.js';
import { uniquePrefix } from '../../bus/history/redisFixture.js';
import { recoveryUrl } from './historyFixture.js';
import { redisStores, useRedisHistoryBed } from './redisHistoryBed.js';

// Real Redis, a prefix per test: the processes of one app share it, nobody else sees it.
const { bed, track } = useRedisHistoryBed();

/** An app as one process of a Redis deployment: its own history reader and session connection. */
function startProcess(prefix: string, name: string) {
  return bed.start({
    ...redisStores(prefix, name),
  });
}

describe('history over Redis', () => {
  test('two processes deliver every event of a namespace in one order, broadcast from either', async () => {
    const prefix = uniquePrefix('socket-history');
    track(prefix);
    const [one, two] = [await startProcess(prefix, 'one'), await startProcess(prefix, 'two')];
    const onOne = await bed.connect(one.wsUrl('/ws/feed'));
    const onTwo = await bed.connect(two.wsUrl('/ws/feed'));
    expect(onOne.ready.epoch).not.toBe('');
    expect(onOne.ready.epoch).toBe(onTwo.ready.epoch);
    const receipts = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        (index % 2 === 0 ? one : two).app.socketNamespace('/feed').broadcast('tick', { seq: index + 1 }),
      ),
    );
    expect(receipts.map(receipt => Number(receipt.offset)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, index) => Number(onOne.ready.offset) + index + 1),
    );
    const last = String(Number(onOne.ready.offset) + 30);
    await onOne.client.nextEvent(e => e.offset === last, 10_000);
    await onTwo.client.nextEvent(e => e.offset === last, 10_000);
    const order = (events: { name: string; data: unknown; offset?: string }[]) =>
      events.filter(e => e.name === 'tick').map(e => `${e.offset}:${(e.data as { seq: number }).seq}`);
    expect(order(onOne.client.events)).toHaveLength(30);
    expect(order(onOne.client.events)).toEqual(order(onTwo.client.events));
  });

  test('a client of one process recovers on the other: replay in order, same id, then live events', async () => {
    const prefix = uniquePrefix('socket-recovery');
    track(prefix);
    const [one, two] = [await startProcess(prefix, 'one'), await startProcess(prefix, 'two')];
    const first = await bed.connect(one.wsUrl('/ws/feed'));
    await first.client.close();
    await new Promise<void>(resolve => {
      const check = () => (one.app.registry.total === 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    const feedOne = one.app.socketNamespace('/feed');
    const sent = [
      await feedOne.broadcast('tick', { seq: 1 }),
      await feedOne.send(first.ready.id, 'note', 'for you'),
      await feedOne.broadcast('tick', { seq: 2 }),
    ];
    const again = bed.client(
      recoveryUrl(two.wsUrl('/ws/feed'), first.ready.session, first.ready.epoch, first.ready.offset),
    );
    const ready = (await again.nextEvent(e => e.name === '_a', 10_000)).data as ISysReadyHistoryPayload;
    expect(ready).toMatchObject({ id: first.ready.id, recovered: true, offset: sent[2].offset });
    expect(again.events.slice(0, 3).map(e => e.offset)).toEqual(sent.map(receipt => receipt.offset));
    const live = await two.app.socketNamespace('/feed').broadcast('tick', { seq: 3 });
    expect((await again.nextEvent(e => e.name === 'tick', 10_000)).offset).toBe(live.offset);
  });
});
