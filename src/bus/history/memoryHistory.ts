import { ASocketError } from '../../core/error.js';
import { createConsoleLogger } from '../../core/logger.js';
import { ThrottledLog } from '../../core/throttledLog.js';
import { type ILogger } from '../../types/plugins.js';
import {
  type HistoryRange,
  type IHistoryEntry,
  type IHistoryEvent,
  type IHistoryLimits,
  type IHistoryListener,
  type IHistoryPosition,
  type IHistoryStore,
} from './history.js';
import { HistoryError } from './historyError.js';
import { checkHistoryNamespaces } from './historyLimits.js';
import { HistoryListenerGuard } from './historyListenerGuard.js';
import { formatOffset, parseOffset } from '../../protocol/historyPosition.js';
import { refusal, refuseOutsideWindow, refuseReadEntries } from './historyWindow.js';
import { MemoryHistoryHub } from './memoryHistoryHub.js';

export interface IMemoryHistoryOptions {
  /** The hub whose streams this app shares; one of its own when absent (a single process). */
  hub?: MemoryHistoryHub;
  logger?: ILogger;
  /** Minimum time between two log lines about the same kind of problem. Default 10 000 ms. */
  logIntervalMs?: number;
  /** The clock entries are stamped with and `ttlMs` is measured by. Default `Date.now`. */
  now?: () => number;
}

export interface IMemoryHistoryStats {
  appended: number;
  delivered: number;
  listenerErrors: number;
}

/**
 * History for one process: a bounded ring per namespace (`size`), kept in a hub. The listener gets
 * entries on a microtask after `append`, never inside it, in append order. Entries are held by
 * reference: data is not copied, so the appender must not change it afterwards.
 */
export class MemoryHistory implements IHistoryStore {
  readonly hub: MemoryHistoryHub;
  private readonly log: ThrottledLog;
  private readonly now: () => number;
  private namespaces = new Map<string, IHistoryLimits>();
  /** Last offset delivered per namespace: what `position` reports and what the hub's replays skip. */
  private readonly delivered = new Map<string, number>();
  private readonly counters = { appended: 0, delivered: 0 };
  private guard?: HistoryListenerGuard;
  private closed = false;

  constructor(options: IMemoryHistoryOptions = {}) {
    this.hub = options.hub ?? new MemoryHistoryHub();
    this.log = new ThrottledLog(options.logger ?? createConsoleLogger(), options.logIntervalMs ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  get stats(): IMemoryHistoryStats {
    return { ...this.counters, listenerErrors: this.guard?.errors ?? 0 };
  }

  async subscribe(namespaces: Readonly<Record<string, IHistoryLimits>>, listener: IHistoryListener): Promise<void> {
    if (this.closed) throw new HistoryError('closed', 'MemoryHistory.subscribe() after close(): create a new store');
    if (this.guard)
      throw new ASocketError('APP_STATE', 'MemoryHistory.subscribe() called twice: a store has one listener');
    const checked = checkHistoryNamespaces('MemoryHistory', namespaces);
    for (const [namespace, limits] of checked) this.hub.declare(namespace, limits);
    for (const namespace of checked.keys()) this.delivered.set(namespace, this.hub.head(namespace));
    this.namespaces = checked;
    this.guard = new HistoryListenerGuard('MemoryHistory', listener, this.log);
    this.hub.attach(this.deliver);
  }

  async append(namespace: string, event: IHistoryEvent): Promise<IHistoryPosition> {
    if (this.closed) {
      throw new HistoryError('closed', `MemoryHistory: append to ${namespace} after close(): the event is not kept`);
    }
    if (!this.namespaces.has(namespace)) throw undeclared(namespace);
    const entry = this.hub.append(namespace, event, this.now());
    this.counters.appended++;
    return { epoch: entry.epoch, offset: entry.offset };
  }

  async range(namespace: string, epoch: string, afterOffset: string): Promise<HistoryRange> {
    const limits = this.namespaces.get(namespace);
    if (!limits) throw undeclared(namespace);
    if (epoch !== this.hub.epoch) {
      return refusal(
        'epoch',
        `epoch ${JSON.stringify(epoch)} of ${namespace} is not this process's (${this.hub.epoch})`,
      );
    }
    const after = parseOffset(afterOffset);
    if (after === undefined) return refusal('offset', `offset ${JSON.stringify(afterOffset)} is not an offset`);
    const head = this.hub.head(namespace);
    const outside = refuseOutsideWindow(namespace, limits, head, after);
    if (outside) return outside;
    if (after === head) return { ok: true, entries: [] };
    const entries = this.hub.entriesAfter(namespace, after);
    return refuseReadEntries(namespace, limits, after, entries, this.now()) ?? { ok: true, entries };
  }

  position(namespace: string): IHistoryPosition | undefined {
    const offset = this.delivered.get(namespace);
    return offset === undefined ? undefined : { epoch: this.hub.epoch, offset: formatOffset(offset) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.detach(this.deliver);
  }

  private readonly deliver = (entry: IHistoryEntry): void => {
    const last = this.delivered.get(entry.namespace);
    // Another app's namespace, or an entry appended before this app subscribed (its start position).
    if (last === undefined || Number(entry.offset) <= last) return;
    this.delivered.set(entry.namespace, Number(entry.offset));
    this.counters.delivered++;
    this.guard?.entry(entry);
  };
}

function undeclared(namespace: string): HistoryError {
  return new HistoryError(
    'namespace',
    `history namespace ${JSON.stringify(namespace)} was not declared: pass it to subscribe() with its size and ttlMs`,
  );
}
