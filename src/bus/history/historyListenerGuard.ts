import { ThrottledLog } from '../../core/throttledLog.js';
import {
  type IHistoryEntry,
  type IHistoryEpochChange,
  type IHistoryListener,
  type IHistoryReaderGap,
} from './history.js';

/**
 * Calls the listener of a store so that a throwing listener never stops delivery: the next entry
 * must still reach it, and the reader loop (Redis) or the hub's other apps (memory) must go on.
 */
export class HistoryListenerGuard {
  errors = 0;

  constructor(
    private readonly store: string,
    private readonly listener: IHistoryListener,
    private readonly log: ThrottledLog,
  ) {}

  entry(entry: IHistoryEntry): void {
    try {
      this.listener.entry(entry);
    } catch (error) {
      this.failed('entry', `${entry.kind} of "${entry.eventName}" at ${entry.namespace} ${entry.offset}`, error);
    }
  }

  epochChanged(change: IHistoryEpochChange): void {
    try {
      this.listener.epochChanged?.(change);
    } catch (error) {
      this.failed('epochChanged', `epoch change of ${change.namespace} to ${change.epoch}`, error);
    }
  }

  gap(gap: IHistoryReaderGap): void {
    try {
      this.listener.gap?.(gap);
    } catch (error) {
      this.failed('gap', `gap ${gap.fromOffset}-${gap.toOffset} of ${gap.namespace}`, error);
    }
  }

  private failed(method: string, what: string, error: unknown): void {
    this.errors++;
    this.log.error(
      `listener-${method}`,
      `${this.store}: the history listener's ${method}() threw on the ${what}`,
      error,
    );
  }
}
