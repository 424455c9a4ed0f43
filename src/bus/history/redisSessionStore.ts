import { type Redis } from 'ioredis';
import {
  type BusRedisOptions,
  closeRedisConnection,
  createPublisherConnection,
  redactRedisUrl,
} from '../redis/redisBusConnection.js';
import { ThrottledLog } from '../../core/throttledLog.js';
import { createConsoleLogger } from '../../core/logger.js';
import { type ILogger } from '../../types/plugins.js';
import { HistoryError } from './historyError.js';
import { invalidSessionRecord } from './sessionRecordCodec.js';
import { checkSessionSave } from './sessionSaveCheck.js';
import { type ISessionRecord, type ISessionStore } from './sessionStore.js';
import { isSessionToken, sessionTokenDigest } from './sessionToken.js';

export interface IRedisSessionStoreOptions {
  /** Default `process.env.REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /** Records are `${prefix}:session:<sha256 of the token>`. Default `a-socket`. */
  prefix?: string;
  /** Tags the connection in `CLIENT LIST` as `${prefix}:sessions:${name}`. Default `pid-<pid>`. */
  name?: string;
  logger?: ILogger;
  /** Minimum time between two log lines about the same kind of problem. Default 10 000 ms. */
  logIntervalMs?: number;
  /** Passed to the ioredis connection (TLS, password, db…), except the options the store relies on. */
  redisOptions?: BusRedisOptions;
}

/**
 * Session records in Redis, so a client recovers on whichever process it reconnects to. A record
 * is a key with its own expiry (SET … PX); `take` is GETDEL, so two processes racing for one token
 * cannot both get it. While Redis is unreachable both methods reject at once (`unavailable`):
 * the client then recovers with `recovered: false`, it never waits.
 */
export class RedisSessionStore implements ISessionStore {
  readonly connectionName: string;
  private readonly prefix: string;
  private readonly redis: Redis;
  private readonly redactedUrl: string;
  private readonly log: ThrottledLog;
  private closed = false;
  private firstConnect?: Promise<void>;

  constructor(options: IRedisSessionStoreOptions = {}) {
    const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    this.prefix = options.prefix ?? 'a-socket';
    this.connectionName = `${this.prefix}:sessions:${options.name ?? `pid-${process.pid}`}`;
    this.redactedUrl = redactRedisUrl(url);
    this.log = new ThrottledLog(options.logger ?? createConsoleLogger(), options.logIntervalMs ?? 10_000);
    this.redis = createPublisherConnection({
      url,
      connectionName: this.connectionName,
      reconnectDelayMinMs: 50,
      reconnectDelayMaxMs: 2000,
      redisOptions: options.redisOptions,
    });
    // Without an 'error' listener ioredis prints every failed reconnect attempt to stderr.
    this.redis.on('error', error =>
      this.log.warn('connection', `RedisSessionStore: connection to ${this.redactedUrl} failed: ${error.message}`),
    );
  }

  async save(token: string, record: ISessionRecord, ttlMs: number): Promise<void> {
    const kept = checkSessionSave('RedisSessionStore', token, record, ttlMs);
    await this.command(`save the session of connection ${kept.id}`, () =>
      this.redis.set(this.key(token), JSON.stringify(kept), 'PX', ttlMs),
    );
  }

  async take(token: string): Promise<ISessionRecord | undefined> {
    if (!isSessionToken(token)) return undefined;
    const stored = await this.command('take a session', () => this.redis.getdel(this.key(token)));
    if (stored === null) return undefined;
    let record: unknown;
    try {
      record = JSON.parse(stored);
    } catch {
      record = undefined;
    }
    const invalid = invalidSessionRecord(record);
    if (invalid) {
      this.log.warn(
        'invalid',
        `RedisSessionStore: a stored session was unusable (${invalid}); the client recovers without it`,
      );
      return undefined;
    }
    return record as ISessionRecord;
  }

  async close(): Promise<void> {
    this.closed = true;
    await closeRedisConnection(this.redis);
  }

  private key(token: string): string {
    return `${this.prefix}:session:${sessionTokenDigest(token)}`;
  }

  private async command<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new HistoryError('closed', `RedisSessionStore could not ${what}: the store is closed`);
    // Connects on first use: a store that is configured but never used holds no socket. Every command of that
    // first moment waits for the same connect: without the offline queue, one sent while connecting would fail.
    if (this.redis.status === 'wait' || this.firstConnect !== undefined) {
      await (this.firstConnect ??= this.redis.connect().then(
        () => undefined,
        () => undefined,
      ));
    }
    try {
      return await run();
    } catch (error) {
      throw new HistoryError(
        'unavailable',
        `RedisSessionStore could not ${what} on ${this.redactedUrl}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
