/**
 * The query keys a client adds to its upgrade URL to recover a connection of a history namespace
 * (docs/protocol.md): all three, or it is a fresh connection. No Node imports: the client SDK uses them too.
 */
export const RECOVERY_QUERY_KEYS = {
  /** The `session` token of the connection's last sysReady. */
  session: 'x-socket-session',
  /** The epoch the client last saw (sysReady). */
  epoch: 'x-socket-epoch',
  /** The offset of the last event the client received (or of its sysReady when none came since). */
  offset: 'x-socket-offset',
} as const;
