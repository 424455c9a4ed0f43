import { type ISocketEventOptions } from '../../types/socketEvent.js';

/**
 * What a namespace with history keeps: its last `size` events, each replayable for `ttlMs` after it
 * was appended. A client that missed more than `size` events, or one older than `ttlMs`, is told it
 * cannot recover instead of being replayed a partial gap.
 */
export interface IHistoryLimits {
  size: number;
  ttlMs: number;
}

/** An event as the service hands it to `append`: what delivery needs, nothing of the stream yet. */
export type IHistoryEvent = IHistoryBroadcastEvent | IHistorySendEvent;

interface IHistoryEventCommon {
  eventName: string;
  /** JSON-serialisable: it is copied into the stream (Redis) and must mean the same in every process. */
  data: unknown;
  options?: ISocketEventOptions;
}

export interface IHistoryBroadcastEvent extends IHistoryEventCommon {
  kind: 'broadcast';
}

export interface IHistorySendEvent extends IHistoryEventCommon {
  kind: 'send';
  /** The connection id it is addressed to. */
  id: string;
}

/** Where a stream stands: `offset` is the last entry's (`"0"` before the first), valid within `epoch` only. */
export interface IHistoryPosition {
  epoch: string;
  offset: string;
}

/**
 * An event with its place in its namespace's stream. Entries are shared between every reader of a
 * process (and between processes of a memory hub): treat them as read-only.
 */
export type IHistoryEntry = IHistoryEvent &
  IHistoryPosition & {
    namespace: string;
    /** When it was appended (ms since 1970, the appending process's clock): what `ttlMs` is measured from. */
    time: number;
  };

/**
 * Why a gap cannot be replayed; metrics count refusals by it.
 * - `epoch`: the stream was recreated (or never known here) since the client's epoch: history may have been lost;
 * - `trimmed`: more than `size` entries were appended since the client's offset;
 * - `expired`: the first missed entry is older than `ttlMs`;
 * - `offset`: the offset is malformed or beyond the stream's head (no process ever gave it out);
 * - `unavailable`: the store could not be asked (Redis unreachable); `cause` has the error.
 */
export type HistoryGapReason = 'epoch' | 'trimmed' | 'expired' | 'offset' | 'unavailable';

/**
 * What `range` answers. `entries` run from the entry right after the asked offset, consecutive, up to
 * the stream's head when it was read: that may be ahead of what this process's reader has delivered,
 * so a recovering connection registers for live entries first and drops live ones it was replayed.
 */
export type HistoryRange =
  { ok: true; entries: IHistoryEntry[] } | { ok: false; reason: HistoryGapReason; message: string; cause?: unknown };

/** The stream of a namespace was (re)created: the entries of `previous` are gone for good. */
export interface IHistoryEpochChange {
  namespace: string;
  previous: string;
  epoch: string;
}

/**
 * This process's reader skipped entries (`fromOffset` to `toOffset`, inclusive): they were trimmed
 * before it could read them, after a long loss of its Redis link. Its connections missed them.
 */
export interface IHistoryReaderGap {
  namespace: string;
  epoch: string;
  fromOffset: string;
  toOffset: string;
}

/**
 * Receives every entry of every subscribed namespace exactly once, in stream order per namespace,
 * the process's own appends included (that is what makes one total order in every process). An
 * epoch change or a gap is told in order with the entries: before the first entry that follows it.
 * Methods must not throw; a throw is logged and counted, and delivery goes on.
 */
export interface IHistoryListener {
  entry(entry: IHistoryEntry): void;
  epochChanged?(change: IHistoryEpochChange): void;
  gap?(gap: IHistoryReaderGap): void;
}

/**
 * One ordered stream of events per namespace, with an offset per event and an epoch per stream,
 * shared by every process of an app. Implementations: `MemoryHistory` (one process, or several
 * apps in one process through a hub) and `RedisHistory` (Redis Streams, many processes).
 */
export interface IHistoryStore {
  /**
   * Declares the history namespaces and starts reading them: entries appended after this resolves
   * reach `listener`, in order. Call once. Resolves once the reader knows where each stream stands
   * (or, for Redis, after a bounded wait: see `subscribeWaitMs`).
   */
  subscribe(namespaces: Readonly<Record<string, IHistoryLimits>>, listener: IHistoryListener): Promise<void>;
  /**
   * Gives the event its place in the namespace's stream and resolves with that place (`offset`) once
   * it has it; every process's reader then delivers it. Rejects with a `HistoryError` when the event
   * will not be in the stream (store closed, outage longer than the buffer allows, undeclared namespace).
   */
  append(namespace: string, event: IHistoryEvent): Promise<IHistoryPosition>;
  /** The entries after `afterOffset` of `epoch`, or why they cannot be replayed. Never rejects for a client's bad input. */
  range(namespace: string, epoch: string, afterOffset: string): Promise<HistoryRange>;
  /**
   * The last entry this process's reader delivered (what a fresh sysReady reports: the connection
   * gets every later entry live). Undefined while the reader has not yet reached the stream (Redis
   * unreachable since start), or for an undeclared namespace.
   */
  position(namespace: string): IHistoryPosition | undefined;
  /** Stops reading; appends not yet in the stream are rejected. Idempotent. */
  close(): Promise<void>;
}
