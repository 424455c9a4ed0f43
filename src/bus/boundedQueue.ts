/**
 * A first-in first-out queue that holds at most `capacity` items: pushing onto a full queue evicts
 * the oldest item and returns it, so the caller can count what was lost. A ring buffer, because
 * an outage fills the queue to capacity and `Array#shift` would then cost O(capacity) per item.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the evicted oldest item when the queue was full, or `item` itself when capacity is 0. */
  push(item: T): T | undefined {
    if (this.capacity === 0) return item;
    let evicted: T | undefined;
    if (this.count === this.capacity) evicted = this.shift();
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    return evicted;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** Empties the queue and returns how many items it held. */
  clear(): number {
    const cleared = this.count;
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
    return cleared;
  }
}
