import { type ThrottledLog } from '../../core/throttledLog.js';
import { type ILogger } from '../../types/plugins.js';
import { type IHistoryLimits, type IHistoryPosition } from './history.js';
import { HistoryError } from './historyError.js';
import { epochSource, formatOffset } from '../../protocol/historyPosition.js';
import { type IHistoryScripts } from './redisHistoryScripts.js';

export interface IHistoryAppendTarget {
  namespace: string;
  keys: { meta: string; stream: string };
  limits: IHistoryLimits;
  /** Epoch and counter retention for the namespace's meta key (ms). */
  metaTtlMs: number;
}

interface IPendingAppend {
  target: IHistoryAppendTarget;
  counter: number;
  payload: string;
  /** Real time when `append` was called: what `maxBufferedAgeMs` is measured from. */
  acceptedAt: number;
  /**
   * `waiting`: in the buffer; `sent`: written, Redis's answer pending; `confirming`: Redis said it
   * was already written (a resend), so its offset comes from the reader, which reads every entry.
   */
  state: 'waiting' | 'sent' | 'confirming';
  /** It was sent on a connection that dropped before the answer: it may be in the stream already. */
  uncertain: boolean;
  resolve(position: IHistoryPosition): void;
  reject(error: HistoryError): void;
}

export interface IRedisHistoryWriterOptions {
  writer: string;
  maxBuffered: number;
  maxBufferedAgeMs: number;
  maxInFlight: number;
  log: ThrottledLog;
  logger: ILogger;
}

export interface IRedisHistoryWriterStats {
  appended: number;
  rejected: number;
  resent: number;
  buffered: number;
  inFlight: number;
}

/**
 * Writes appends to Redis in the order they were made, through outages. While Redis is
 * unreachable (or the reader has not yet found where the streams stand) appends wait in a bounded
 * buffer and are written in order once it is back; each append's promise settles with Redis's
 * answer. One that waited `maxBufferedAgeMs` rejects and is never written.
 *
 * An append sent when the connection dropped may or may not have been written. It is sent again
 * before anything newer; the append script recognises this writer's counter and answers `dup`
 * instead of writing it twice, and the reader, which sees this process's own entries, gives its
 * offset. So an accepted event is in the stream once, and this writer's events keep their order.
 */
export class RedisHistoryWriter {
  private readonly unresolved = new Map<number, IPendingAppend>();
  /** Not yet sent, oldest first (by counter, which is acceptance order). */
  private readonly waiting: IPendingAppend[] = [];
  private counter = 0;
  private inFlight = 0;
  private writable = false;
  private closed = false;
  private expiryTimer?: NodeJS.Timeout;
  private onIdle?: () => void;
  private readonly nextEpoch = epochSource();
  private readonly counters = { appended: 0, rejected: 0, resent: 0 };

  constructor(
    private readonly scripts: IHistoryScripts,
    private readonly options: IRedisHistoryWriterOptions,
  ) {}

  get stats(): IRedisHistoryWriterStats {
    return { ...this.counters, buffered: this.waiting.length, inFlight: this.inFlight };
  }

  /** Counters go up per store and never repeat: they tell the append script what it already wrote. */
  nextCounter(): number {
    return ++this.counter;
  }

  append(target: IHistoryAppendTarget, counter: number, payload: string): Promise<IHistoryPosition> {
    return new Promise<IHistoryPosition>((resolve, reject) => {
      if (this.closed) {
        reject(new HistoryError('closed', `RedisHistory: append to ${target.namespace} after close(): not kept`));
        return;
      }
      const item: IPendingAppend = {
        target,
        counter,
        payload,
        acceptedAt: Date.now(),
        state: 'waiting',
        uncertain: false,
        resolve,
        reject,
      };
      if (this.writable && this.waiting.length === 0 && this.inFlight < this.options.maxInFlight) {
        this.unresolved.set(counter, item);
        this.send(item);
        return;
      }
      if (this.waiting.length >= this.options.maxBuffered) {
        this.counters.rejected++;
        const message = `RedisHistory: ${this.waiting.length} appends already wait for Redis (maxBuffered); the append to ${target.namespace} is refused`;
        this.options.log.warn('buffer-full', message);
        reject(new HistoryError('buffer-full', message));
        return;
      }
      this.unresolved.set(counter, item);
      this.waiting.push(item);
      // Behind older appends that wait: sent after them, never before.
      this.flush(this.options.maxInFlight);
      if (!this.writable) {
        this.options.log.warn(
          'buffering',
          `RedisHistory: waiting for Redis (unreachable, or the reader has not reached the streams yet); appends wait in order (${this.waiting.length}/${this.options.maxBuffered}) for up to ${this.options.maxBufferedAgeMs} ms (maxBufferedAgeMs)`,
        );
      }
      this.armExpiry();
    });
  }

  /** Writes are allowed while the connection is ready and the reader knows where every stream stands. */
  setWritable(writable: boolean): void {
    if (writable && !this.writable && this.waiting.length > 0) {
      this.options.logger.info(
        `RedisHistory: Redis is reachable; writing ${this.waiting.length} buffered append(s) in order`,
      );
    }
    this.writable = writable;
    this.flush(this.options.maxInFlight);
  }

  /** The reader read an entry this writer appended: settles it if Redis's answer has not (see the class comment). */
  confirm(counter: number, position: IHistoryPosition): void {
    const item = this.unresolved.get(counter);
    if (!item) return;
    if (item.state === 'waiting') this.waiting.splice(this.waiting.indexOf(item), 1);
    this.settle(item, position);
  }

  /**
   * Sends everything it may and resolves once Redis has answered all of it (or the connection
   * failed), so those appends settle with Redis's answer before the connection quits, and this
   * store's resend marks are removed only when nothing can be resent. What is left is rejected by
   * `rejectAll`.
   */
  async closing(): Promise<void> {
    this.closed = true;
    this.flush(Number.POSITIVE_INFINITY);
    if (this.inFlight > 0) await new Promise<void>(resolve => (this.onIdle = resolve));
  }

  rejectAll(): void {
    clearTimeout(this.expiryTimer);
    this.waiting.length = 0;
    for (const item of this.unresolved.values()) {
      this.fail(
        item,
        new HistoryError('closed', `RedisHistory closed before the append to ${item.target.namespace} was written`),
      );
    }
  }

  private flush(maxInFlight: number): void {
    while (this.writable && this.waiting.length > 0 && this.inFlight < maxInFlight) {
      this.send(this.waiting.shift() as IPendingAppend);
    }
  }

  private send(item: IPendingAppend): void {
    item.state = 'sent';
    this.inFlight++;
    const { target } = item;
    this.scripts
      .append(target.keys, {
        epoch: this.nextEpoch(),
        size: target.limits.size,
        streamTtlMs: target.limits.ttlMs,
        metaTtlMs: target.metaTtlMs,
        writer: this.options.writer,
        counter: item.counter,
        payload: item.payload,
      })
      .then(
        ([status, epoch, offset]) => {
          this.answered();
          if (status === 'ok') this.settle(item, { epoch, offset: formatOffset(offset) });
          else if (this.unresolved.has(item.counter)) {
            item.state = 'confirming';
            this.armExpiry();
          }
          this.flush(this.options.maxInFlight);
        },
        (error: Error) => {
          this.answered();
          if (!this.unresolved.has(item.counter)) return;
          if (error.name === 'ReplyError') {
            this.counters.rejected++;
            this.fail(
              item,
              new HistoryError('refused', `Redis refused the append to ${target.namespace}: ${error.message}`, {
                cause: error,
              }),
            );
            return;
          }
          // The connection failed: sent again, in order, once it is back.
          this.counters.resent++;
          item.state = 'waiting';
          item.uncertain = true;
          this.waiting.splice(this.sortedIndex(item.counter), 0, item);
          this.armExpiry();
        },
      );
  }

  private answered(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.onIdle?.();
  }

  private sortedIndex(counter: number): number {
    let low = 0;
    let high = this.waiting.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.waiting[middle] as IPendingAppend).counter < counter) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Once per append: Redis's answer and the reader's sight of the entry may both come, in either order. */
  private settle(item: IPendingAppend, position: IHistoryPosition): void {
    if (!this.unresolved.delete(item.counter)) return;
    this.counters.appended++;
    item.resolve(position);
  }

  private fail(item: IPendingAppend, error: HistoryError): void {
    this.unresolved.delete(item.counter);
    item.reject(error);
  }

  /** One timer for the oldest append that waits (in the buffer, or for the reader's confirmation). */
  private armExpiry(): void {
    if (this.expiryTimer || this.closed) return;
    let oldest = this.waiting[0]?.acceptedAt ?? Number.POSITIVE_INFINITY;
    for (const item of this.unresolved.values()) {
      if (item.state === 'confirming') oldest = Math.min(oldest, item.acceptedAt);
    }
    if (oldest === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, oldest + this.options.maxBufferedAgeMs - Date.now());
    this.expiryTimer = setTimeout(() => this.expire(), delay);
    // The appends' own promises are what keep a caller waiting; this timer must not keep a process alive.
    this.expiryTimer.unref();
  }

  private expire(): void {
    this.expiryTimer = undefined;
    const limit = Date.now() - this.options.maxBufferedAgeMs;
    const expired: IPendingAppend[] = [];
    while (this.waiting.length > 0 && (this.waiting[0] as IPendingAppend).acceptedAt <= limit) {
      expired.push(this.waiting.shift() as IPendingAppend);
    }
    for (const item of this.unresolved.values()) {
      if (item.state === 'confirming' && item.acceptedAt <= limit) expired.push(item);
    }
    for (const item of expired) {
      this.counters.rejected++;
      const { namespace } = item.target;
      this.fail(
        item,
        item.uncertain
          ? new HistoryError(
              'unconfirmed',
              `RedisHistory: an append to ${namespace} was sent as the connection dropped and is not confirmed after ${this.options.maxBufferedAgeMs} ms (maxBufferedAgeMs): it may or may not be in the stream`,
            )
          : new HistoryError(
              'buffer-expired',
              `RedisHistory: Redis stayed unreachable for ${this.options.maxBufferedAgeMs} ms (maxBufferedAgeMs); the append to ${namespace} was not written`,
            ),
      );
    }
    if (expired.length > 0) {
      this.options.log.warn(
        'buffer-expired',
        `RedisHistory: ${expired.length} append(s) waited longer than maxBufferedAgeMs (${this.options.maxBufferedAgeMs} ms) and were rejected`,
      );
    }
    this.armExpiry();
  }
}
