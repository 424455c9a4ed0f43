export interface ISocketNamespaceHistoryOptions {
  /** Events kept for replay (the namespace's last `size`): an integer from 1 to 1 000 000. */
  size: number;
  /** Milliseconds an event stays replayable, and a closed connection's session stays recoverable. */
  ttl: number;
}

export interface ISocketNamespaceOptions {
  /** `/` for the root, `/name` (or `/a/b`) for a nested namespace. */
  namespace: string;
  /**
   * Keeps the namespace's events (broadcasts, room broadcasts, sends) in one ordered stream with an offset per
   * event, so a client that reconnects is replayed what it missed (docs/usage.md, "History and recovery").
   * Off by default.
   */
  history?: ISocketNamespaceHistoryOptions;
}

/**
 * Declared namespaces and the events each one sends. Module authors add theirs:
 * `declare module 'a-socket' { interface ISocketNamespaceRecord { '/ssrhmr': { reload: undefined } } }`.
 */
export interface ISocketNamespaceRecord {
  '/': Record<string, unknown>;
}
