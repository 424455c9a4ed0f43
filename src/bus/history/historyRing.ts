import { type IHistoryEntry } from './history.js';

/**
 * The last `capacity` entries of one stream, by offset. Offsets are consecutive, so the entry of
 * offset `o` sits at `(o - 1) % capacity` and a lookup needs no search.
 */
export class HistoryRing {
  private readonly items: (IHistoryEntry | undefined)[];
  private last = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<IHistoryEntry | undefined>(capacity);
  }

  /** Offset of the newest entry; 0 before the first. */
  get head(): number {
    return this.last;
  }

  /** Stores the next entry; its offset must be `head + 1`. The oldest entry goes once the ring is full. */
  push(entry: IHistoryEntry): void {
    const offset = Number(entry.offset);
    if (offset !== this.last + 1) {
      throw new RangeError(`HistoryRing: entry ${entry.offset} pushed after ${this.last}; offsets must be consecutive`);
    }
    this.items[(offset - 1) % this.capacity] = entry;
    this.last = offset;
  }

  /** The entries still held after offset `after`, oldest first (from the oldest held when some were overwritten). */
  after(after: number): IHistoryEntry[] {
    const from = Math.max(after + 1, this.last - this.capacity + 1, 1);
    const entries: IHistoryEntry[] = [];
    for (let offset = from; offset <= this.last; offset++) {
      entries.push(this.items[(offset - 1) % this.capacity] as IHistoryEntry);
    }
    return entries;
  }
}
