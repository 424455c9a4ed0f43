/**
 * The reasons a-socket closes connections with, beside the codes (`SocketCloseCode`): fixed texts for
 * humans and logs (docs/protocol.md §7), never anything a client sent. No Node imports: the client SDK
 * may compare against them.
 */
export const SocketCloseReason = {
  shuttingDown: 'server shutting down',
  appNotReady: 'app not ready',
  tooManyFromAddress: 'too many connections from this address',
  unknownInstance: 'unknown instance',
  originNotAllowed: 'origin not allowed',
  passportCodeRequired: 'passport code required',
  invalidPassportCode: 'invalid passport code',
  passportExpired: 'passport expired',
  passportVerifierFailed: 'passport verifier failed',
  refreshWithoutCode: 'sysPassportRefresh needs { code: string }',
  refreshWithoutVerifier: 'no passport verifier to refresh with',
  refreshOtherUser: 'a passport refresh must keep the same user',
  onionFailed: 'connection onion failed',
  stoppedBeforeReady: 'connection chain stopped before ready',
  enterTimedOut: 'connection chain timed out',
  tooManyBeforeReady: 'too many messages before ready',
  rateLimitExceeded: 'packet rate limit exceeded',
  binaryFrames: 'binary frames are not accepted',
  slowConsumer: 'slow consumer',
  historyGap: 'history gap',
  serviceRestart: 'service restart',
} as const;

/**
 * The reason of a 1012 close (`app.appClose({ restart: { retryAfterMs } })`): `service restart; retry-after-ms=<n>`.
 * The client reconnects after a random delay within `n` ms (docs/protocol.md §7).
 */
export function serviceRestartReason(retryAfterMs: number): string {
  return `${SocketCloseReason.serviceRestart}; retry-after-ms=${retryAfterMs}`;
}
