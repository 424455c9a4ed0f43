import { randomBytes } from 'node:crypto';
import { type Redis } from 'ioredis';
import { closeRedisConnection, createPublisherConnection, redactRedisUrl } from '../redis/redisBusConnection.js';
import { ThrottledLog } from '../../core/throttledLog.js';
import { ASocketError } from '../../core/error.js';
import { createConsoleLogger } from '../../core/logger.js';
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
import { isEpoch, parseOffset } from '../../protocol/historyPosition.js';
import { refusal, refuseOutsideWindow, refuseReadEntries } from './historyWindow.js';
import { decodeHistoryEntry, encodeHistoryEvent } from './redisHistoryCodec.js';
import { historyKeys, type IRedisHistoryOptions, resolveRedisHistoryOptions } from './redisHistoryOptions.js';
import { RedisHistoryReader } from './redisHistoryReader.js';
import { defineHistoryScripts, type IHistoryScripts } from './redisHistoryScripts.js';
import { type IHistoryAppendTarget, RedisHistoryWriter } from './redisHistoryWriter.js';
import { settlesWithin } from '../../core/settlesWithin.js';

export type { IRedisHistoryOptions } from './redisHistoryOptions.js';

export interface IRedisHistoryStats {
  /** Appends Redis confirmed. */
  appended: number;
  /** Appends rejected (buffer full or expired, refused by Redis, unconfirmed); closed ones are not counted. */
  rejected: number;
  /** Appends sent again because the connection dropped before Redis answered (written once all the same). */
  resent: number;
  /** Gauge: appends waiting for Redis right now. */
  buffered: number;
  /** Gauge: appends written, Redis's answer pending. */
  inFlight: number;
  /** Entries handed to the listener, this process's own included. */
  delivered: number;
  /** Entries in a stream that were not ours, skipped. */
  invalid: number;
  epochChanges: number;
  /** Times the reader found entries trimmed before it could read them. */
  gaps: number;
  listenerErrors: number;
  writerReady: boolean;
  readerReady: boolean;
}

/**
 * History over Redis Streams, for several processes: one stream per namespace, appended by any
 * process through an atomic script (entry, offset counter and epoch together), read by every
 * process with XREAD. Two connections: one for appends and replays, one that blocks reading.
 */
export class RedisHistory implements IHistoryStore {
  readonly prefix: string;
  readonly connectionNames: { readonly writer: string; readonly reader: string };
  private readonly options: ReturnType<typeof resolveRedisHistoryOptions>;
  private readonly logger: ILogger;
  private readonly log: ThrottledLog;
  private readonly redactedUrl: string;
  private readonly writerConnection: Redis;
  private readonly readerConnection: Redis;
  private readonly scripts: IHistoryScripts;
  private readonly writerId: string;
  private readonly writer: RedisHistoryWriter;
  private targets = new Map<string, IHistoryAppendTarget>();
  private reader?: RedisHistoryReader;
  private guard?: HistoryListenerGuard;
  private readerStarted = false;
  private closing?: Promise<void>;

  constructor(options: IRedisHistoryOptions = {}) {
    this.options = resolveRedisHistoryOptions(options);
    const { prefix, name, url } = this.options;
    this.prefix = prefix;
    // Unique per store, whatever `name` is: the append script takes a repeated (writer, counter)
    // for a resend and skips it, so two stores sharing an id would lose each other's appends.
    this.writerId = `${name}.${randomBytes(6).toString('base64url')}`;
    this.connectionNames = { writer: `${prefix}:history-write:${name}`, reader: `${prefix}:history-read:${name}` };
    this.logger = this.options.logger ?? createConsoleLogger();
    this.log = new ThrottledLog(this.logger, this.options.logIntervalMs);
    this.redactedUrl = redactRedisUrl(url);
    // No auto-pipelining: measured (bench/tools/historyThroughput.ts), it adds a turn of latency
    // per append and no throughput, since commands written in one tick leave in one write anyway.
    const connection = {
      url,
      reconnectDelayMinMs: this.options.reconnectDelayMinMs,
      reconnectDelayMaxMs: this.options.reconnectDelayMaxMs,
      redisOptions: this.options.redisOptions,
    };
    // Both fail commands at once while disconnected (no ioredis offline queue, no resend): the
    // writer keeps its own ordered buffer, and the reader resumes from its own last id.
    this.writerConnection = createPublisherConnection({ ...connection, connectionName: this.connectionNames.writer });
    this.readerConnection = createPublisherConnection({ ...connection, connectionName: this.connectionNames.reader });
    this.scripts = defineHistoryScripts(this.writerConnection);
    this.writer = new RedisHistoryWriter(this.scripts, {
      writer: this.writerId,
      maxBuffered: this.options.maxBuffered,
      maxBufferedAgeMs: this.options.maxBufferedAgeMs,
      maxInFlight: this.options.maxInFlight,
      log: this.log,
      logger: this.logger,
    });
    for (const [role, redis] of [
      ['writer', this.writerConnection],
      ['reader', this.readerConnection],
    ] as const) {
      // Without an 'error' listener ioredis prints every failed reconnect attempt to stderr.
      redis.on('error', error =>
        this.log.warn(
          `${role}-error`,
          `RedisHistory: ${role} connection to ${this.redactedUrl} failed: ${error.message}; reconnecting`,
        ),
      );
    }
    this.writerConnection.on('ready', () => this.updateWritable());
    this.writerConnection.on('close', () => this.updateWritable());
  }

  get stats(): IRedisHistoryStats {
    const reader = this.reader?.stats ?? { delivered: 0, invalid: 0, epochChanges: 0, gaps: 0 };
    return {
      ...this.writer.stats,
      ...reader,
      listenerErrors: this.guard?.errors ?? 0,
      writerReady: this.writerConnection.status === 'ready',
      readerReady: this.readerConnection.status === 'ready',
    };
  }

  async subscribe(namespaces: Readonly<Record<string, IHistoryLimits>>, listener: IHistoryListener): Promise<void> {
    if (this.closing) throw new HistoryError('closed', 'RedisHistory.subscribe() after close(): create a new store');
    if (this.reader)
      throw new ASocketError('APP_STATE', 'RedisHistory.subscribe() called twice: a store has one listener');
    for (const [namespace, limits] of checkHistoryNamespaces('RedisHistory', namespaces)) {
      this.targets.set(namespace, {
        namespace,
        limits,
        keys: historyKeys(this.prefix, namespace),
        metaTtlMs: Math.max(limits.ttlMs, this.options.epochRetentionMs),
      });
    }
    const guard = new HistoryListenerGuard('RedisHistory', listener, this.log);
    this.guard = guard;
    let started!: () => void;
    const startedPromise = new Promise<void>(resolve => (started = resolve));
    this.reader = new RedisHistoryReader(
      this.readerConnection,
      defineHistoryScripts(this.readerConnection),
      [...this.targets.values()],
      {
        entry: ({ entry, writer, counter }) => {
          if (writer === this.writerId) this.writer.confirm(counter, { epoch: entry.epoch, offset: entry.offset });
          guard.entry(entry);
        },
        epochChanged: change => guard.epochChanged(change),
        gap: gap => guard.gap(gap),
        started: () => {
          this.readerStarted = true;
          this.updateWritable();
          started();
        },
      },
      {
        readBatch: this.options.readBatch,
        readBlockMs: this.options.readBlockMs,
        touchIntervalMs: Math.max(100, Math.min(3_600_000, Math.floor(this.options.epochRetentionMs / 4))),
        log: this.log,
        logger: this.logger,
      },
    );
    this.readerConnection.connect().catch(() => {});
    this.writerConnection.connect().catch(() => {});
    this.reader.start();
    if (await settlesWithin(startedPromise, this.options.subscribeWaitMs)) return;
    this.logger.warn(
      `RedisHistory: no answer from ${this.redactedUrl} within ${this.options.subscribeWaitMs} ms (subscribeWaitMs); going on without it: appends wait (maxBuffered, maxBufferedAgeMs) until the reader reaches the streams`,
    );
    startedPromise.then(() => this.logger.info(`RedisHistory: reading the history streams on ${this.redactedUrl}`));
  }

  append(namespace: string, event: IHistoryEvent): Promise<IHistoryPosition> {
    const target = this.targets.get(namespace);
    if (!target) return Promise.reject(undeclared(namespace));
    const counter = this.writer.nextCounter();
    let payload: string;
    try {
      payload = encodeHistoryEvent(event, this.options.now(), this.writerId, counter);
    } catch (error) {
      return Promise.reject(
        new HistoryError(
          'unserializable',
          `RedisHistory: the ${event.kind} of "${event.eventName}" to ${namespace} is not JSON-serialisable (${(error as Error).message}); send plain JSON data`,
          { cause: error },
        ),
      );
    }
    return this.writer.append(target, counter, payload);
  }

  async range(namespace: string, epoch: string, afterOffset: string): Promise<HistoryRange> {
    const target = this.targets.get(namespace);
    if (!target) throw undeclared(namespace);
    if (!isEpoch(epoch)) return refusal('epoch', `epoch ${JSON.stringify(epoch)} is not an epoch`);
    const after = parseOffset(afterOffset);
    if (after === undefined) return refusal('offset', `offset ${JSON.stringify(afterOffset)} is not an offset`);
    let reply: Awaited<ReturnType<IHistoryScripts['range']>>;
    try {
      reply = await this.scripts.range(target.keys, epoch, afterOffset, target.limits.size);
    } catch (error) {
      return refusal(
        'unavailable',
        `RedisHistory: could not read ${namespace}'s history: ${(error as Error).message}`,
        error,
      );
    }
    if (reply[0] === 'epoch') return refusal('epoch', `epoch ${epoch} of ${namespace} is not the stream's current one`);
    const head = Number(reply[1]);
    if (reply[0] !== 'ok') return refuseOutsideWindow(namespace, target.limits, head, after) as HistoryRange;
    const entries: IHistoryEntry[] = [];
    for (const item of reply[2]) {
      const decoded = decodeHistoryEntry(namespace, item);
      // An unreadable entry is a hole the client cannot be replayed across.
      if (!decoded.ok)
        return refusal('trimmed', `RedisHistory: ${namespace}'s history holds an unreadable entry: ${decoded.reason}`);
      entries.push(decoded.entry);
    }
    if (after === head) return { ok: true, entries };
    return refuseReadEntries(namespace, target.limits, after, entries, this.options.now()) ?? { ok: true, entries };
  }

  position(namespace: string): IHistoryPosition | undefined {
    return this.reader?.position(namespace);
  }

  /** Writes what it can, waits for Redis's answers, then rejects what is left and quits both connections. */
  close(): Promise<void> {
    this.closing ??= this.closeConnections();
    return this.closing;
  }

  private async closeConnections(): Promise<void> {
    await this.reader?.stop();
    await this.writer.closing();
    if (this.writerConnection.status === 'ready') {
      // Nothing of this store will be sent again: its resend marks can go.
      const field = `w:${this.writerId}`;
      await Promise.all(
        [...this.targets.values()].map(target => this.writerConnection.hdel(target.keys.meta, field).catch(() => 0)),
      );
    }
    // A blocked XREAD would hold QUIT back for up to readBlockMs: the reader has nothing to deliver, drop it.
    await Promise.all([closeRedisConnection(this.writerConnection), closeRedisConnection(this.readerConnection, 0)]);
    await this.reader?.stopped();
    this.writer.rejectAll();
  }

  private updateWritable(): void {
    this.writer.setWritable(this.readerStarted && this.writerConnection.status === 'ready' && !this.closing);
  }
}

function undeclared(namespace: string): HistoryError {
  return new HistoryError(
    'namespace',
    `history namespace ${JSON.stringify(namespace)} was not declared: pass it to subscribe() with its size and ttlMs`,
  );
}
