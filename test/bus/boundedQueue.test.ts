import { describe, expect, it } from '@jest/globals';
import { BoundedQueue } from '../../src/bus/boundedQueue.js';

function drain<T>(queue: BoundedQueue<T>): T[] {
  const items: T[] = [];
  while (queue.size > 0) items.push(queue.shift() as T);
  return items;
}

describe('BoundedQueue', () => {
  it('keeps order and evicts the oldest item when full', () => {
    const queue = new BoundedQueue<number>(3);
    const evicted = [1, 2, 3, 4, 5].map(item => queue.push(item));

    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(drain(queue)).toEqual([3, 4, 5]);
  });

  it('wraps around its ring many times without losing order', () => {
    const queue = new BoundedQueue<number>(4);
    const out: number[] = [];
    for (let item = 0; item < 100; item++) {
      queue.push(item);
      if (item % 3 === 0) out.push(queue.shift() as number);
    }
    out.push(...drain(queue));
    expect(out).toEqual([...out].sort((a, b) => a - b));
    expect(out.slice(-4)).toEqual([96, 97, 98, 99]);
  });

  it('with capacity 0 hands every item straight back', () => {
    const queue = new BoundedQueue<string>(0);
    expect(queue.push('a')).toBe('a');
    expect(queue.size).toBe(0);
  });

  it('clear says how many items it discarded', () => {
    const queue = new BoundedQueue<string>(2);
    queue.push('a');
    queue.push('b');
    expect(queue.clear()).toBe(2);
    expect(queue.shift()).toBeUndefined();
  });
});
