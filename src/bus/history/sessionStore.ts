/**
 * What a connection leaves behind for its own recovery: enough to restore it on another process
 * (id, rooms) and to replay what it missed (epoch, offset). Saved when the connection closes, under
 * a token only that client knows; taken once when it reconnects.
 */
export interface ISessionRecord {
  /** The connection id, given back to the recovered connection. */
  id: string;
  namespace: string;
  /**
   * Who the identity was (e.g. the user id, or a fixed key for anonymous). The recovering
   * connection's identity, verified afresh from its passport code, must be the same: a token
   * alone never grants an identity.
   */
  userKey: string;
  rooms: string[];
  /** The last position the client was sent: the gap to replay starts after it. */
  epoch: string;
  offset: string;
}

/**
 * Keeps session records for recovery. Tokens are single-use: `take` removes what it returns, so a
 * token seen by someone else is worth nothing once its client has reconnected.
 */
export interface ISessionStore {
  /** Keeps `record` under `token` for `ttlMs`; a later save under the same token replaces it. */
  save(token: string, record: ISessionRecord, ttlMs: number): Promise<void>;
  /** The record saved under `token`, removed in the same step; undefined when unknown, taken, expired or malformed. */
  take(token: string): Promise<ISessionRecord | undefined>;
  close(): Promise<void>;
}
