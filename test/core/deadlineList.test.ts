import { describe, expect, jest, test } from '@jest/globals';
import { DeadlineList, type IDeadlineEntry } from '../../src/core/deadlineList.js';
import { waitFor } from '../support/waitFor.js';

class Entry implements IDeadlineEntry<Entry> {
  deadline = 0;
  prev: Entry | undefined = undefined;
  next: Entry | undefined = undefined;
  constructor(readonly name: string) {}
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('DeadlineList', () => {
  test('each entry expires once, not before its deadline, earliest first even when added later', async () => {
    const expired: Array<[string, number]> = [];
    const startedAt = performance.now();
    const list = new DeadlineList<Entry>(entry => expired.push([entry.name, performance.now() - startedAt]));
    list.add(new Entry('slow'), 80);
    list.add(new Entry('fast'), 20);
    list.add(new Entry('middle'), 50);
    await waitFor(() => expired.length === 3);
    expect(expired.map(([name]) => name)).toEqual(['fast', 'middle', 'slow']);
    expect(expired[0][1]).toBeGreaterThanOrEqual(19);
    expect(expired[1][1]).toBeGreaterThanOrEqual(49);
    expect(expired[2][1]).toBeGreaterThanOrEqual(79);
  });

  test('a deadline beyond the 32-bit limit of setTimeout arms a timer setTimeout honours, not one that fires at once', () => {
    const setTimeoutSpy = jest.spyOn(globalThis, 'setTimeout');
    const list = new DeadlineList<Entry>(() => undefined);
    const entry = new Entry('in thirty days');
    try {
      list.add(entry, 30 * 24 * 3600 * 1000);
      expect(setTimeoutSpy.mock.calls.map(([, delay]) => delay)).toEqual([2 ** 31 - 1]);
    } finally {
      list.remove(entry);
      setTimeoutSpy.mockRestore();
    }
    expect(list.armed).toBe(false);
  });

  test('expireAll expires every entry at once, earliest first, and leaves no timer', () => {
    const expired: string[] = [];
    const list = new DeadlineList<Entry>(entry => expired.push(entry.name));
    list.add(new Entry('later'), 60_000);
    list.add(new Entry('sooner'), 30_000);
    list.expireAll();
    expect(expired).toEqual(['sooner', 'later']);
    expect(list.armed).toBe(false);
    list.expireAll();
    expect(expired).toHaveLength(2);
  });

  test('a removed entry never expires, removing twice is harmless, and an empty list holds no timer', async () => {
    const expired: string[] = [];
    const list = new DeadlineList<Entry>(entry => expired.push(entry.name));
    const first = new Entry('first');
    const second = new Entry('second');
    const third = new Entry('third');
    list.add(first, 30);
    list.add(second, 30);
    list.add(third, 30);
    expect(list.armed).toBe(true);
    list.remove(second);
    list.remove(second);
    list.remove(new Entry('never added'));
    list.remove(first);
    list.remove(third);
    expect(list.armed).toBe(false);
    list.add(second, 10);
    await waitFor(() => expired.length > 0);
    await sleep(30);
    expect(expired).toEqual(['second']);
    expect(list.armed).toBe(false);
  });

  test('an entry may be added again from onExpire', async () => {
    let rounds = 0;
    const list: DeadlineList<Entry> = new DeadlineList<Entry>(entry => {
      if (++rounds < 3) list.add(entry, 5);
    });
    list.add(new Entry('again'), 5);
    await waitFor(() => rounds === 3);
    await sleep(30);
    expect(rounds).toBe(3);
    expect(list.armed).toBe(false);
  });
});
