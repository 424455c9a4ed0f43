import { type Socket } from 'node:net';
import { type Redis, type RedisOptions } from 'ioredis';
import { requireOptionalPeer } from '../../core/optionalPeer.js';

// ioredis is an optional peer: loaded here, when `a-socket/redis` is imported, so a missing one says what to install.
const ioredis = requireOptionalPeer<typeof import('ioredis')>('ioredis', 'a-socket/redis');

/** Options the bus sets itself because its guarantees depend on them; `redisOptions` cannot override these. */
export type BusRedisEnforcedOption =
  | 'lazyConnect'
  | 'connectionName'
  | 'retryStrategy'
  | 'enableOfflineQueue'
  | 'maxRetriesPerRequest'
  | 'autoResendUnfulfilledCommands'
  | 'autoResubscribe';

export type BusRedisOptions = Omit<RedisOptions, BusRedisEnforcedOption>;

export interface IBusRedisConnectionOptions {
  url: string;
  connectionName: string;
  reconnectDelayMinMs: number;
  reconnectDelayMaxMs: number;
  redisOptions?: BusRedisOptions;
}

/**
 * The publishing connection. It must never make `publish` wait or grow ioredis's own queues:
 * - no offline queue: a PUBLISH while the connection is down fails at once, and the bus keeps
 *   its own bounded buffer instead;
 * - `maxRetriesPerRequest: 0` and no resend: a PUBLISH in flight when the connection drops is
 *   rejected at once rather than resent later, so a publication is never delivered twice;
 * - `socketTimeout`: a PUBLISH that gets no reply (half-open connection, frozen server) tears the
 *   connection down so it reconnects, instead of piling up unanswered commands.
 */
export function createPublisherConnection(options: IBusRedisConnectionOptions): Redis {
  return new ioredis.Redis(options.url, {
    socketTimeout: 5_000,
    ...options.redisOptions,
    ...commonOptions(options),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
  });
}

/**
 * The subscribing connection. It only ever sends SUBSCRIBE, so an offline queue is bounded by
 * nature: SUBSCRIBE waits (no retry limit) until Redis is reachable, and ioredis resubscribes the
 * channel by itself after every reconnect.
 */
export function createSubscriberConnection(options: IBusRedisConnectionOptions): Redis {
  return new ioredis.Redis(options.url, {
    ...options.redisOptions,
    ...commonOptions(options),
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    autoResendUnfulfilledCommands: true,
    autoResubscribe: true,
  });
}

function commonOptions(options: IBusRedisConnectionOptions): RedisOptions {
  return {
    // Connect on first use: a bus that is configured but never used holds no socket.
    lazyConnect: true,
    connectionName: options.connectionName,
    retryStrategy: times => reconnectDelay(times, options.reconnectDelayMinMs, options.reconnectDelayMaxMs),
  };
}

/**
 * Exponential backoff with a cap and jitter, and never a give-up (a non-number would make ioredis
 * stop reconnecting for good). The jitter keeps many processes from hitting a recovering Redis in
 * the same millisecond.
 */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Closes a connection whatever state it is in and resolves when it holds no socket and no timer.
 * When ready: QUIT, which Redis answers after everything sent before it (close, don't
 * terminate). Otherwise there is nothing to deliver, so the socket is dropped at once.
 */
export async function closeRedisConnection(redis: Redis, graceMs = 2_000): Promise<void> {
  const status = redis.status;
  if (status === 'end') return;
  if (status === 'wait' || status === 'reconnecting' || status === 'close') {
    // No socket is open (never connected, or between two attempts): ioredis emits no 'end' then.
    disconnectNow(redis);
    return;
  }
  const ended = new Promise<void>(resolve => redis.once('end', () => resolve()));
  let fallback: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>(resolve => {
    fallback = setTimeout(() => {
      disconnectNow(redis);
      resolve();
    }, graceMs);
  });
  if (status === 'ready') redis.quit().catch(() => disconnectNow(redis));
  else disconnectNow(redis);
  await Promise.race([ended, gaveUp]);
  clearTimeout(fallback);
}

/**
 * `disconnect()` plus what it leaves behind. ioredis's disconnect arms a `disconnectTimeout`
 * timer (2 s, keeps the process alive) that only the socket's next 'close' event clears; a socket
 * that is still open is destroyed here so that event comes at once, and a socket that already
 * closed (between reconnect attempts) never emits it again, so the listener disconnect() just
 * added (the one that clears the timer) is run by hand.
 */
function disconnectNow(redis: Redis): void {
  const stream = redis.stream as Socket | undefined;
  const listenersBefore = new Set(stream?.listeners('close') ?? []);
  redis.disconnect();
  if (!stream) return;
  if (!stream.closed) {
    stream.destroy();
    return;
  }
  for (const listener of stream.listeners('close')) {
    if (!listenersBefore.has(listener)) Reflect.apply(listener, stream, []);
  }
}

/** The URL without its password, for log lines. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable Redis URL>';
  }
}
