import { SocketCloseCode } from '../protocol/closeCodes.js';

/** 1012 Service Restart (RFC 6455 registry): the server restarts; another process, or this one soon, takes over. */
export const SERVICE_RESTART_CLOSE = SocketCloseCode.serviceRestart;

/** The default `n` when a 1012 carries no hint: reconnect within a second. */
export const DEFAULT_RESTART_DELAY = 1000;

const RETRY_AFTER = /(?:^|[\s;,])retry-after-ms=(\d{1,9})(?:$|[\s;,])/;

/**
 * The `retry-after-ms=<n>` of a 1012's reason (`service restart; retry-after-ms=2000`), in ms; undefined when
 * the reason has none (or a malformed one).
 */
export function retryAfterMsOf(reason: string): number | undefined {
  const match = RETRY_AFTER.exec(reason);
  return match ? Number(match[1]) : undefined;
}

/**
 * The cap of the delay before reconnecting after a 1012: the server's hint (else `restartDelay`), never more
 * than `maxDelay`. The delay is then drawn uniformly in [0, cap], so the clients of a restarting process spread
 * over the window instead of landing on the other processes together.
 */
export function restartDelayCap(reason: string, options: { restartDelay: number; maxDelay: number }): number {
  const hint = retryAfterMsOf(reason) ?? options.restartDelay;
  return Math.max(0, Math.min(options.maxDelay, hint));
}
