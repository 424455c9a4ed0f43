import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type BusRedisOptions } from '../redis/redisBusConnection.js';
import { type ILogger } from '../../types/plugins.js';

export interface IRedisHistoryOptions {
  /** Default `process.env.REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /**
   * Key prefix: a namespace's stream is `${prefix}:history:stream:${namespace}`, its epoch and
   * counter `${prefix}:history:meta:${namespace}`. Processes of one app share it; give each app
   * (and each test run) its own. Default `a-socket`.
   */
  prefix?: string;
  /** Tags the connections in `CLIENT LIST` (`${prefix}:history-write:${name}`, `…-read:…`). Pass the worker id. */
  name?: string;
  logger?: ILogger;
  /** Minimum time between two log lines about the same kind of problem. Default 10 000 ms. */
  logIntervalMs?: number;
  /** Appends kept in order while Redis is unreachable; beyond this `append` rejects at once (`buffer-full`). 0: reject at once. Default 10 000. */
  maxBuffered?: number;
  /** An append that has waited this long for Redis rejects (`buffer-expired`) and is never written. Default 30 000 ms. */
  maxBufferedAgeMs?: number;
  /** Appends written and awaiting Redis's answer; beyond this they wait in the buffer, in order. Default 1000. */
  maxInFlight?: number;
  /**
   * How long `subscribe()` waits for Redis. When Redis does not answer in time, it resolves anyway
   * with a warning: the reader starts once Redis is reachable, and appends wait until then (each
   * process must read its own appends). `Infinity` waits as long as it takes. Default 3000 ms.
   */
  subscribeWaitMs?: number;
  /** Entries per XREAD reply. Default 1000. */
  readBatch?: number;
  /** How long one XREAD waits for entries; shorter than the connection's `socketTimeout` (5000 ms). Default 1000 ms. */
  readBlockMs?: number;
  /**
   * How long a namespace's epoch and counter outlive its last append (or its last reader: running
   * processes keep them alive), at least its `ttlMs`. After that the next append starts a new epoch.
   * Default 24 h.
   */
  epochRetentionMs?: number;
  /** First reconnect delay; doubles per failed attempt up to `reconnectDelayMaxMs`. Default 50 ms. */
  reconnectDelayMinMs?: number;
  /** Default 2000 ms. */
  reconnectDelayMaxMs?: number;
  /** The clock entries are stamped with and `ttlMs` is measured by. Default `Date.now`. */
  now?: () => number;
  /** Passed to both ioredis connections (TLS, password, db…), except the options the store relies on. */
  redisOptions?: BusRedisOptions;
}

export type IResolvedRedisHistoryOptions = Required<Omit<IRedisHistoryOptions, 'logger' | 'redisOptions'>> &
  Pick<IRedisHistoryOptions, 'logger' | 'redisOptions'>;

/** The longest delay `setTimeout` honours; beyond it Node fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** Applies the defaults; throws naming the option and the value when one cannot be used. */
export function resolveRedisHistoryOptions(options: IRedisHistoryOptions): IResolvedRedisHistoryOptions {
  const prefix = options.prefix ?? 'a-socket';
  const name = options.name ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  noWhitespace('prefix', prefix);
  noWhitespace('name', name);
  const reconnectDelayMinMs = whole('reconnectDelayMinMs', options.reconnectDelayMinMs, 50, 1);
  const subscribeWaitMs = options.subscribeWaitMs === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : null;
  const readBlockMs = whole('readBlockMs', options.readBlockMs, 1000, 1, 4000);
  const socketTimeout = options.redisOptions?.socketTimeout;
  if (socketTimeout !== undefined && socketTimeout <= readBlockMs) {
    // The reader's XREAD is silent for readBlockMs: a shorter socketTimeout would cut it every time.
    throw new RangeError(
      `RedisHistory: redisOptions.socketTimeout (${socketTimeout} ms) must be longer than readBlockMs (${readBlockMs} ms)`,
    );
  }
  return {
    url: options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix,
    name,
    logger: options.logger,
    logIntervalMs: whole('logIntervalMs', options.logIntervalMs, 10_000, 0),
    maxBuffered: whole('maxBuffered', options.maxBuffered, 10_000, 0),
    maxBufferedAgeMs: whole('maxBufferedAgeMs', options.maxBufferedAgeMs, 30_000, 1, MAX_TIMER_MS),
    maxInFlight: whole('maxInFlight', options.maxInFlight, 1000, 1),
    subscribeWaitMs: subscribeWaitMs ?? whole('subscribeWaitMs', options.subscribeWaitMs, 3000, 0, MAX_TIMER_MS),
    readBatch: whole('readBatch', options.readBatch, 1000, 1),
    readBlockMs,
    epochRetentionMs: whole('epochRetentionMs', options.epochRetentionMs, 86_400_000, 1, MAX_TIMER_MS),
    reconnectDelayMinMs,
    reconnectDelayMaxMs: whole('reconnectDelayMaxMs', options.reconnectDelayMaxMs, 2000, reconnectDelayMinMs),
    now: options.now ?? Date.now,
    redisOptions: options.redisOptions,
  };
}

/** Key names, in one place so tests and tools find the same keys. */
export function historyKeys(prefix: string, namespace: string): { stream: string; meta: string } {
  return { stream: `${prefix}:history:stream:${namespace}`, meta: `${prefix}:history:meta:${namespace}` };
}

/** Both end up in CLIENT SETNAME, which refuses spaces and newlines. */
function noWhitespace(option: 'prefix' | 'name', value: string): void {
  if (typeof value !== 'string' || value.length === 0 || /\s/.test(value)) {
    throw new TypeError(
      `RedisHistory option ${option} must be a non-empty string without whitespace (got ${JSON.stringify(value)}): it names keys and connections`,
    );
  }
}

function whole(option: string, value: number | undefined, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`RedisHistory option ${option} must be an integer ${range} (got ${String(value)})`);
  }
  return value;
}
