import { type Redis } from 'ioredis';
import { type ThrottledLog } from '../../core/throttledLog.js';
import { type ILogger } from '../../types/plugins.js';
import { type IHistoryEpochChange, type IHistoryPosition, type IHistoryReaderGap } from './history.js';
import { epochSource, formatOffset } from '../../protocol/historyPosition.js';
import { decodeHistoryEntry, type DecodedEntry } from './redisHistoryCodec.js';
import { type IHistoryScripts, type StreamEntryReply } from './redisHistoryScripts.js';
import { type IHistoryAppendTarget } from './redisHistoryWriter.js';

export interface IRedisHistoryReaderSink {
  entry(decoded: Extract<DecodedEntry, { ok: true }>): void;
  epochChanged(change: IHistoryEpochChange): void;
  gap(gap: IHistoryReaderGap): void;
  /** The reader knows where every stream stands, after its first sync: appends may be written from now on. */
  started(): void;
}

export interface IRedisHistoryReaderOptions {
  readBatch: number;
  readBlockMs: number;
  /** How often the reader renews the epochs' retention (and re-checks them) while it runs. */
  touchIntervalMs: number;
  log: ThrottledLog;
  logger: ILogger;
}

interface IReadStream extends IHistoryAppendTarget {
  epoch?: string;
  /** Last offset delivered; the stream id read from is `id`. */
  offset: number;
  id: string;
}

type XReadReply = [key: string, items: StreamEntryReply[]][] | null;

/**
 * Reads every history stream with one blocking XREAD on its own connection and hands each entry
 * on once, in stream order. It resumes from the last id it read after a reconnect, so nothing is
 * read twice or missed while it was away (unless trimmed meanwhile: then it reports the gap).
 *
 * On every (re)connect it first asks each stream's epoch (creating it when missing). A stream made
 * anew since (Redis restarted empty, keys deleted) is told as an epoch change and read from its
 * start. Between reconnects a recreated stream shows itself by its entries' epoch field: its ids
 * are above the old ones (see redisHistoryScripts.ts), so the reader never waits on a stale id.
 */
export class RedisHistoryReader {
  private readonly streams: IReadStream[];
  private readonly byKey = new Map<string, IReadStream>();
  private readonly counters = { delivered: 0, invalid: 0, epochChanges: 0, gaps: 0 };
  private syncDue = true;
  private lastSyncAt = 0;
  private hasStarted = false;
  private closed = false;
  private wake?: () => void;
  private running?: Promise<void>;
  private readonly nextEpoch = epochSource();

  constructor(
    private readonly connection: Redis,
    private readonly scripts: IHistoryScripts,
    targets: readonly IHistoryAppendTarget[],
    private readonly sink: IRedisHistoryReaderSink,
    private readonly options: IRedisHistoryReaderOptions,
  ) {
    this.streams = targets.map(target => ({ ...target, offset: 0, id: '0-0' }));
    for (const stream of this.streams) this.byKey.set(stream.keys.stream, stream);
    // A new connection: the Redis behind it may have restarted empty since.
    connection.on('ready', () => (this.syncDue = true));
  }

  get stats(): { delivered: number; invalid: number; epochChanges: number; gaps: number } {
    return { ...this.counters };
  }

  start(): void {
    this.running ??= this.run();
  }

  position(namespace: string): IHistoryPosition | undefined {
    const stream = this.streams.find(candidate => candidate.namespace === namespace);
    return stream?.epoch === undefined ? undefined : { epoch: stream.epoch, offset: formatOffset(stream.offset) };
  }

  /** Stops after the current reply; the caller then closes the connection, which ends a pending XREAD. */
  async stop(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }

  async stopped(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    if (this.streams.length === 0) {
      // No history namespace: nothing to read, and XREAD without a stream is an error.
      this.sink.started();
      return;
    }
    while (!this.closed) {
      if (this.connection.status !== 'ready') {
        await this.untilReady();
        continue;
      }
      try {
        if (this.syncDue || Date.now() - this.lastSyncAt > this.options.touchIntervalMs) await this.sync();
        const keys = this.streams.map(stream => stream.keys.stream);
        const ids = this.streams.map(stream => stream.id);
        // xread, not call('XREAD'): ioredis speaks RESP3, and only the command method turns the
        // map reply back into [key, entries] pairs.
        const reply = (await this.connection.xread(
          'COUNT',
          this.options.readBatch,
          'BLOCK',
          this.options.readBlockMs,
          'STREAMS',
          ...keys,
          ...ids,
        )) as XReadReply;
        if (reply && !this.closed) this.process(reply);
      } catch (error) {
        if (this.closed) return;
        this.options.log.warn(
          'read-error',
          `RedisHistory: reading the history streams failed: ${(error as Error).message}`,
        );
        // A connection error: wait for the reconnect. An error reply: do not ask again at once.
        if (this.connection.status === 'ready') await this.pause(this.options.readBlockMs);
      }
    }
  }

  private async sync(): Promise<void> {
    const replies = await Promise.all(
      this.streams.map(stream => this.scripts.ensure(stream.keys, this.nextEpoch(), stream.metaTtlMs)),
    );
    this.streams.forEach((stream, index) => {
      const [epoch, base, seq] = replies[index] as [string, string, string];
      if (stream.epoch === undefined) {
        // First sight: deliver from now on; what came before is history, for `range`.
        stream.epoch = epoch;
        stream.offset = Number(seq);
        stream.id = `${base}-${seq}`;
      } else if (stream.epoch !== epoch) {
        this.changeEpoch(stream, epoch);
        stream.id = `${base}-0`;
      }
    });
    this.syncDue = false;
    this.lastSyncAt = Date.now();
    if (!this.hasStarted) {
      this.hasStarted = true;
      this.sink.started();
    }
  }

  private process(reply: NonNullable<XReadReply>): void {
    for (const [key, items] of reply) {
      const stream = this.byKey.get(key);
      if (!stream) continue;
      for (const item of items) {
        // Advanced first: an unreadable entry is skipped once, not read again forever.
        stream.id = item[0];
        const decoded = decodeHistoryEntry(stream.namespace, item);
        if (!decoded.ok) {
          this.counters.invalid++;
          this.options.log.warn('invalid', `RedisHistory: skipped an entry of ${key}: ${decoded.reason}`);
          continue;
        }
        const { entry } = decoded;
        if (entry.epoch !== stream.epoch) this.changeEpoch(stream, entry.epoch);
        const offset = Number(entry.offset);
        if (offset > stream.offset + 1) {
          this.counters.gaps++;
          const gap = {
            namespace: stream.namespace,
            epoch: entry.epoch,
            fromOffset: formatOffset(stream.offset + 1),
            toOffset: formatOffset(offset - 1),
          };
          this.options.log.warn(
            'gap',
            `RedisHistory: entries ${gap.fromOffset}-${gap.toOffset} of ${stream.namespace} were trimmed before this process read them`,
          );
          this.sink.gap(gap);
        }
        stream.offset = offset;
        this.counters.delivered++;
        this.sink.entry(decoded);
      }
    }
  }

  private changeEpoch(stream: IReadStream, epoch: string): void {
    const change = { namespace: stream.namespace, previous: stream.epoch as string, epoch };
    this.counters.epochChanges++;
    this.options.logger.warn(
      `RedisHistory: the stream of ${stream.namespace} was recreated (epoch ${change.previous} -> ${epoch}): its history was lost (Redis restarted empty, or its keys were deleted)`,
    );
    stream.epoch = epoch;
    stream.offset = 0;
    this.sink.epochChanged(change);
  }

  private untilReady(): Promise<void> {
    return new Promise<void>(resolve => {
      const done = () => {
        this.connection.off('ready', done);
        this.wake = undefined;
        resolve();
      };
      this.connection.on('ready', done);
      this.wake = done;
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>(resolve => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
