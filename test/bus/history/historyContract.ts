import { describe, expect, test } from '@jest/globals';
import { type IHistoryLimits, type IHistoryStore } from '../../../src/bus/history/history.js';
import { HistoryError } from '../../../src/bus/history/historyError.js';
import { waitFor } from '../../support/waitFor.js';
import { historyRecorder, numbered } from './historyRecorder.js';

/** A settable clock, so ttl tests move time instead of waiting for it. */
export interface ITestClock {
  now: () => number;
  advance(ms: number): void;
}

export function testClock(): ITestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: ms => void (offset += ms) };
}

/**
 * How the contract gets stores: `createStores(n)` makes n stores sharing one history, as n
 * processes share one Redis; each call starts from an empty history. Stores are closed by the fixture.
 */
export interface IHistoryFixture {
  createStores(count: number, clock?: ITestClock): IHistoryStore[];
  /** Closes every store made for the test and removes what it left behind. */
  cleanup(): Promise<void>;
}

const FEED: IHistoryLimits = { size: 100, ttlMs: 60_000 };

/** The behaviour every history store shares: written once, run against the memory store and Redis. */
export function describeHistoryContract(name: string, fixture: IHistoryFixture): void {
  describe(`${name}: the history contract`, () => {
    async function subscribed(
      count: number,
      namespaces: Record<string, IHistoryLimits> = { '/feed': FEED },
      clock?: ITestClock,
    ) {
      const stores = fixture.createStores(count, clock);
      const recorders = stores.map(() => historyRecorder());
      await Promise.all(stores.map((store, index) => store.subscribe(namespaces, recorders[index]!)));
      return { stores, recorders };
    }

    test('two stores appending concurrently: every reader, the appenders included, sees the same entries once, in offset order', async () => {
      try {
        const { stores, recorders } = await subscribed(2);
        const [a, b] = stores as [IHistoryStore, IHistoryStore];
        const appends = [];
        for (let n = 0; n < 40; n++) appends.push((n % 2 === 0 ? a : b).append('/feed', numbered(n)));
        const positions = await Promise.all(appends);
        await waitFor(() => recorders.every(recorder => recorder.entries.length === 40));

        const [first, second] = recorders as [ReturnType<typeof historyRecorder>, ReturnType<typeof historyRecorder>];
        expect(first.log).toEqual(second.log);
        expect(first.entries.map(entry => entry.offset)).toEqual(
          Array.from({ length: 40 }, (_, index) => String(index + 1)),
        );
        // Each append resolved with the place its entry has in the stream every reader sees.
        const offsetOf = new Map(first.entries.map(entry => [(entry.data as { n: number }).n, entry.offset]));
        positions.forEach((position, n) => expect(position.offset).toBe(offsetOf.get(n)));
        expect(new Set(positions.map(position => position.epoch)).size).toBe(1);
        // One store's own appends keep the order it made them in.
        expect(first.numbers('/feed').filter(n => n % 2 === 0)).toEqual(
          Array.from({ length: 20 }, (_, index) => index * 2),
        );
        expect(first.numbers('/feed').filter(n => n % 2 === 1)).toEqual(
          Array.from({ length: 20 }, (_, index) => index * 2 + 1),
        );
      } finally {
        await fixture.cleanup();
      }
    });

    test('an entry carries what delivery needs: kind, event name, data, options, the target of a send, its time', async () => {
      try {
        const { stores, recorders } = await subscribed(1);
        const store = stores[0]!;
        const before = Date.now();
        await store.append('/feed', {
          kind: 'broadcast',
          eventName: 'chat',
          data: { text: 'hi' },
          options: { room: 'r1', exclude: 'c9' },
        });
        await store.append('/feed', { kind: 'send', id: 'conn-1', eventName: 'direct', data: [1, 'two', null] });
        await waitFor(() => recorders[0]!.entries.length === 2);
        const [broadcast, send] = recorders[0]!.entries;
        expect(broadcast).toMatchObject({
          namespace: '/feed',
          offset: '1',
          kind: 'broadcast',
          eventName: 'chat',
          data: { text: 'hi' },
          options: { room: 'r1', exclude: 'c9' },
        });
        expect(send).toMatchObject({
          namespace: '/feed',
          offset: '2',
          kind: 'send',
          id: 'conn-1',
          eventName: 'direct',
          data: [1, 'two', null],
        });
        expect(send!.time).toBeGreaterThanOrEqual(before);
        const replay = await store.range('/feed', broadcast!.epoch, '0');
        expect(replay).toEqual({ ok: true, entries: recorders[0]!.entries });
      } finally {
        await fixture.cleanup();
      }
    });

    test('namespaces are separate streams, each with its own offsets from 1', async () => {
      try {
        const { stores, recorders } = await subscribed(1, { '/feed': FEED, '/chat': { size: 10, ttlMs: 60_000 } });
        const store = stores[0]!;
        await store.append('/feed', numbered(1));
        await store.append('/chat', numbered(2));
        await store.append('/feed', numbered(3));
        await waitFor(() => recorders[0]!.entries.length === 3);
        expect(recorders[0]!.log).toEqual(['entry /feed 1 n=1', 'entry /chat 1 n=2', 'entry /feed 2 n=3']);
      } finally {
        await fixture.cleanup();
      }
    });

    test('position starts at the head for a store that subscribes late and follows what its reader delivered', async () => {
      try {
        const [early] = (await subscribed(1)).stores as [IHistoryStore];
        await early.append('/feed', numbered(1));
        const second = await early.append('/feed', numbered(2));

        const { stores, recorders } = await subscribed(1);
        const late = stores[0]!;
        expect(late.position('/feed')).toEqual(second);
        expect(late.position('/other')).toBeUndefined();
        const third = await early.append('/feed', numbered(3));
        await waitFor(() => recorders[0]!.entries.length === 1);
        expect(recorders[0]!.numbers('/feed')).toEqual([3]);
        expect(late.position('/feed')).toEqual(third);
      } finally {
        await fixture.cleanup();
      }
    });

    test('range replays the entries after an offset in order, and nothing at the head', async () => {
      try {
        const store = (await subscribed(1)).stores[0]!;
        let epoch = '';
        for (let n = 1; n <= 5; n++) epoch = (await store.append('/feed', numbered(n))).epoch;
        const replay = await store.range('/feed', epoch, '2');
        expect(replay.ok && replay.entries.map(entry => [entry.offset, (entry.data as { n: number }).n])).toEqual([
          ['3', 3],
          ['4', 4],
          ['5', 5],
        ]);
        expect(await store.range('/feed', epoch, '5')).toEqual({ ok: true, entries: [] });
      } finally {
        await fixture.cleanup();
      }
    });

    test('a gap longer than size is refused as trimmed; one of exactly size is replayed', async () => {
      try {
        const store = (await subscribed(1, { '/feed': { size: 5, ttlMs: 60_000 } })).stores[0]!;
        let epoch = '';
        for (let n = 1; n <= 8; n++) epoch = (await store.append('/feed', numbered(n))).epoch;
        expect(await store.range('/feed', epoch, '2')).toMatchObject({ ok: false, reason: 'trimmed' });
        const replay = await store.range('/feed', epoch, '3');
        expect(replay.ok && replay.entries.map(entry => entry.offset)).toEqual(['4', '5', '6', '7', '8']);
      } finally {
        await fixture.cleanup();
      }
    });

    test('a gap whose first entry is older than ttlMs is refused as expired', async () => {
      try {
        const clock = testClock();
        const store = (await subscribed(1, { '/feed': { size: 100, ttlMs: 1000 } }, clock)).stores[0]!;
        const { epoch } = await store.append('/feed', numbered(1));
        clock.advance(600);
        await store.append('/feed', numbered(2));
        clock.advance(600);
        expect(await store.range('/feed', epoch, '0')).toMatchObject({ ok: false, reason: 'expired' });
        const replay = await store.range('/feed', epoch, '1');
        expect(replay.ok && replay.entries.map(entry => entry.offset)).toEqual(['2']);
      } finally {
        await fixture.cleanup();
      }
    });

    test('an unknown epoch is refused as epoch; a malformed offset or one beyond the head as offset', async () => {
      try {
        const store = (await subscribed(1)).stores[0]!;
        const { epoch } = await store.append('/feed', numbered(1));
        expect(await store.range('/feed', 'someOtherEpoch', '0')).toMatchObject({ ok: false, reason: 'epoch' });
        expect(await store.range('/feed', 'not an epoch!', '0')).toMatchObject({ ok: false, reason: 'epoch' });
        for (const offset of ['', '-1', '01', '1.5', '1e3', 'x', '99999999999999999999', '2']) {
          expect(await store.range('/feed', epoch, offset)).toMatchObject({ ok: false, reason: 'offset' });
        }
      } finally {
        await fixture.cleanup();
      }
    });

    test('append to an undeclared namespace and append after close reject with a HistoryError naming the cause', async () => {
      try {
        const store = (await subscribed(1)).stores[0]!;
        const undeclared = await store.append('/nope', numbered(1)).catch((error: unknown) => error);
        expect(undeclared).toBeInstanceOf(HistoryError);
        expect(undeclared).toMatchObject({ reason: 'namespace', code: 'NAMESPACE_UNKNOWN' });
        expect((undeclared as Error).message).toContain('"/nope"');
        await store.close();
        await expect(store.append('/feed', numbered(2))).rejects.toMatchObject({ reason: 'closed' });
      } finally {
        await fixture.cleanup();
      }
    });

    test('a listener that throws does not stop delivery: the next entry still arrives', async () => {
      try {
        const [store] = fixture.createStores(1) as [IHistoryStore];
        const seen: string[] = [];
        await store.subscribe(
          { '/feed': FEED },
          {
            entry: entry => {
              seen.push(entry.offset);
              if (entry.offset === '1') throw new Error('listener bug');
            },
          },
        );
        await store.append('/feed', numbered(1));
        await store.append('/feed', numbered(2));
        await waitFor(() => seen.length === 2);
        expect(seen).toEqual(['1', '2']);
      } finally {
        await fixture.cleanup();
      }
    });

    test('a store without any history namespace starts, refuses appends as undeclared, and closes', async () => {
      try {
        const [store] = fixture.createStores(1) as [IHistoryStore];
        await store.subscribe({}, historyRecorder());
        await expect(store.append('/feed', numbered(1))).rejects.toMatchObject({ reason: 'namespace' });
        expect(store.position('/feed')).toBeUndefined();
      } finally {
        await fixture.cleanup();
      }
    });

    test('subscribe refuses bad limits naming the namespace, the limit and the value', async () => {
      try {
        const [store] = fixture.createStores(1) as [IHistoryStore];
        const listener = historyRecorder();
        await expect(store.subscribe({ '/feed': { size: 0, ttlMs: 1000 } }, listener)).rejects.toThrow(
          /size of \/feed must be an integer from 1 to 1000000 \(got 0\)/,
        );
        await expect(store.subscribe({ feed: FEED }, listener)).rejects.toThrow(/"feed" must start with "\/"/);
      } finally {
        await fixture.cleanup();
      }
    });
  });
}
