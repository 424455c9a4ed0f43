import { type IHistoryEntry, type IHistoryEvent, type IHistoryLimits } from './history.js';
import { HistoryRing } from './historyRing.js';
import { createEpoch, formatOffset } from '../../protocol/historyPosition.js';

type HubDelivery = (entry: IHistoryEntry) => void;

/**
 * The streams of the memory history, shared by the `MemoryHistory` of every app in this process
 * that uses the same hub (tests, or one app per tenant), as Redis is shared by processes. Its epoch
 * is made with the hub: a new process is a new epoch, since the old one's history died with it.
 */
export class MemoryHistoryHub {
  readonly epoch = createEpoch();
  private readonly streams = new Map<string, { limits: IHistoryLimits; ring: HistoryRing }>();
  private readonly deliveries = new Set<HubDelivery>();
  private readonly queued: IHistoryEntry[] = [];
  private draining = false;

  /** Creates the namespace's stream, or checks that a second declaration asks for the same limits. */
  declare(namespace: string, limits: IHistoryLimits): void {
    const stream = this.streams.get(namespace);
    if (!stream) {
      this.streams.set(namespace, { limits, ring: new HistoryRing(limits.size) });
    } else if (stream.limits.size !== limits.size || stream.limits.ttlMs !== limits.ttlMs) {
      throw new RangeError(
        `MemoryHistoryHub: ${namespace} is declared with size ${limits.size}, ttlMs ${limits.ttlMs}, but another app of this hub declared size ${stream.limits.size}, ttlMs ${stream.limits.ttlMs}; one stream has one set of limits`,
      );
    }
  }

  /** Offset of the namespace's newest entry; 0 before the first. The namespace must be declared. */
  head(namespace: string): number {
    return this.stream(namespace).ring.head;
  }

  /** The entries still held after `after`, oldest first. */
  entriesAfter(namespace: string, after: number): IHistoryEntry[] {
    return this.stream(namespace).ring.after(after);
  }

  /** Gives the event its offset now; every attached app receives it on a later microtask, in append order. */
  append(namespace: string, event: IHistoryEvent, time: number): IHistoryEntry {
    const { ring } = this.stream(namespace);
    const entry: IHistoryEntry = { ...event, namespace, epoch: this.epoch, offset: formatOffset(ring.head + 1), time };
    ring.push(entry);
    this.queued.push(entry);
    if (!this.draining) {
      this.draining = true;
      // Later, never now: the appender is in the middle of its own send/broadcast and must not be
      // re-entered. One drain for all queued entries keeps them in append order.
      queueMicrotask(() => this.drain());
    }
    return entry;
  }

  /** @internal Used by MemoryHistory. */
  attach(delivery: HubDelivery): void {
    this.deliveries.add(delivery);
  }

  /** @internal Used by MemoryHistory. */
  detach(delivery: HubDelivery): void {
    this.deliveries.delete(delivery);
  }

  private drain(): void {
    // Entries appended by a listener during the drain join this same loop, after the current ones.
    // Deliveries are guarded by each MemoryHistory and never throw.
    for (let index = 0; index < this.queued.length; index++) {
      for (const delivery of this.deliveries) delivery(this.queued[index] as IHistoryEntry);
    }
    this.queued.length = 0;
    this.draining = false;
  }

  private stream(namespace: string): { limits: IHistoryLimits; ring: HistoryRing } {
    const stream = this.streams.get(namespace);
    if (!stream) throw new RangeError(`MemoryHistoryHub: ${namespace} was never declared`);
    return stream;
  }
}
