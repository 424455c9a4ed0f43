import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type ILogger } from '../../core/logger.js';
import { type BusRedisOptions } from './redisBusConnection.js';

export interface IRedisBusOptions {
  /** Default `process.env.REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /**
   * Channel prefix: the channel is `${prefix}:broadcast`. Processes of one app share it; give each
   * app (and each test run) its own, or they deliver each other's events. Default `a-socket`.
   */
  prefix?: string;
  /**
   * Tags this process's two connections in `CLIENT LIST` as `${prefix}:pub:${name}` and
   * `${prefix}:sub:${name}`. Pass the app's worker id; default `<host>-<pid>-<random>`.
   */
  name?: string;
  logger?: ILogger;
  /** Publications kept while Redis is unreachable, flushed after reconnect; the oldest go first when full. 0 drops at once. Default 1000. */
  maxBuffered?: number;
  /** A buffered publication older than this when Redis is back is dropped instead of delivered late. Default 30 000 ms. */
  maxBufferedAgeMs?: number;
  /** Publications written to Redis and awaiting its answer; beyond this they wait in the buffer. Default 1000. */
  maxInFlight?: number;
  /**
   * How long `subscribe()` (and so `appReady()`) waits for Redis to acknowledge the SUBSCRIBE. When
   * Redis does not answer in time, `subscribe()` resolves anyway with a warning and the subscription
   * completes in the background once Redis is reachable: a process starts and serves its own
   * clients without Redis. `Infinity` waits as long as it takes. Default 3000 ms.
   */
  subscribeWaitMs?: number;
  /** First reconnect delay; it doubles per failed attempt up to `reconnectDelayMaxMs`. Default 50 ms. */
  reconnectDelayMinMs?: number;
  /** Default 2000 ms. */
  reconnectDelayMaxMs?: number;
  /** Minimum time between two log lines about the same kind of problem. Default 10 000 ms. */
  logIntervalMs?: number;
  /** Passed to both ioredis connections (TLS, password, db, socketTimeout…), except the options the bus relies on. */
  redisOptions?: BusRedisOptions;
}

/** The options with their defaults applied and checked. */
export interface IResolvedRedisBusOptions {
  url: string;
  prefix: string;
  name: string;
  logger?: ILogger;
  maxBuffered: number;
  maxBufferedAgeMs: number;
  maxInFlight: number;
  subscribeWaitMs: number;
  reconnectDelayMinMs: number;
  reconnectDelayMaxMs: number;
  logIntervalMs: number;
  redisOptions?: BusRedisOptions;
}

/** The longest delay `setTimeout` honours; beyond it Node fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** Applies the defaults; throws naming the option and the value when one cannot be used. */
export function resolveRedisBusOptions(options: IRedisBusOptions): IResolvedRedisBusOptions {
  const prefix = options.prefix ?? 'a-socket';
  const name = options.name ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  assertConnectionNamePart('prefix', prefix);
  assertConnectionNamePart('name', name);
  const reconnectDelayMinMs = wholeNumberOption('reconnectDelayMinMs', options.reconnectDelayMinMs, 50, 1);
  return {
    url: options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix,
    name,
    logger: options.logger,
    maxBuffered: wholeNumberOption('maxBuffered', options.maxBuffered, 1000, 0),
    maxInFlight: wholeNumberOption('maxInFlight', options.maxInFlight, 1000, 1),
    maxBufferedAgeMs: wholeNumberOption('maxBufferedAgeMs', options.maxBufferedAgeMs, 30_000, 0),
    subscribeWaitMs: subscribeWaitOption(options.subscribeWaitMs),
    reconnectDelayMinMs,
    reconnectDelayMaxMs: wholeNumberOption(
      'reconnectDelayMaxMs',
      options.reconnectDelayMaxMs,
      2000,
      reconnectDelayMinMs,
    ),
    logIntervalMs: options.logIntervalMs ?? 10_000,
    redisOptions: options.redisOptions,
  };
}

/** Both end up in CLIENT SETNAME, which refuses spaces and newlines. */
function assertConnectionNamePart(option: 'prefix' | 'name', value: string): void {
  if (typeof value !== 'string' || value.length === 0 || /\s/.test(value)) {
    throw new TypeError(
      `RedisBus option ${option} must be a non-empty string without whitespace (got ${JSON.stringify(value)}): it names the channel and the connections`,
    );
  }
}

function wholeNumberOption(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`RedisBus option ${option} must be an integer >= ${min} (got ${String(value)})`);
  }
  return value;
}

function subscribeWaitOption(value: number | undefined): number {
  if (value === undefined) return 3000;
  if (value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isInteger(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new RangeError(
      `RedisBus option subscribeWaitMs must be an integer from 0 to ${MAX_TIMER_MS}, or Infinity to wait as long as Redis takes (got ${String(value)})`,
    );
  }
  return value;
}
