import { type ISessionRecord, type ISessionStore } from './sessionStore.js';
import { checkSessionSave } from './sessionSaveCheck.js';
import { isSessionToken } from './sessionToken.js';

export interface IMemorySessionStoreOptions {
  /** Records kept at most; saving one more drops the oldest (its client then recovers with `recovered: false`). Default 100 000. */
  maxSessions?: number;
  /** The clock `ttlMs` is measured by. Default `Date.now`. */
  now?: () => number;
}

/** Session records for one process, in a Map. Expired records are dropped as later saves pass them. */
export class MemorySessionStore implements ISessionStore {
  private readonly records = new Map<string, { record: ISessionRecord; expiresAt: number }>();
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: IMemorySessionStoreOptions = {}) {
    const { maxSessions = 100_000 } = options;
    if (!Number.isInteger(maxSessions) || maxSessions < 1) {
      throw new RangeError(
        `MemorySessionStore option maxSessions must be an integer >= 1 (got ${String(maxSessions)})`,
      );
    }
    this.maxSessions = maxSessions;
    this.now = options.now ?? Date.now;
  }

  /** Records held right now, expired ones not yet dropped included. */
  get size(): number {
    return this.records.size;
  }

  async save(token: string, record: ISessionRecord, ttlMs: number): Promise<void> {
    const kept = checkSessionSave('MemorySessionStore', token, record, ttlMs);
    const now = this.now();
    this.dropExpired(now);
    // Deleted first so the Map's order stays save order, which is expiry order for one ttl.
    this.records.delete(token);
    if (this.records.size >= this.maxSessions) this.records.delete(this.records.keys().next().value as string);
    this.records.set(token, { record: kept, expiresAt: now + ttlMs });
  }

  async take(token: string): Promise<ISessionRecord | undefined> {
    if (!isSessionToken(token)) return undefined;
    const held = this.records.get(token);
    if (!held) return undefined;
    this.records.delete(token);
    return held.expiresAt > this.now() ? held.record : undefined;
  }

  async close(): Promise<void> {
    this.records.clear();
  }

  /** From the oldest save on, while expired: amortised O(1) per save, no timer. */
  private dropExpired(now: number): void {
    for (const [token, held] of this.records) {
      if (held.expiresAt > now) return;
      this.records.delete(token);
    }
  }
}
