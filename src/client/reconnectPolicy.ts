import { DEFAULT_RESTART_DELAY } from './restartHint.js';

/** What the client knows about a close: the fields browsers and `ws` both give a CloseEvent. */
export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

export interface ReconnectOptions {
  /** Default true. */
  enabled: boolean;
  /** Cap of the first delay, in ms. Default 500. */
  initialDelay: number;
  /** The cap never grows beyond this, in ms. Default 10000. */
  maxDelay: number;
  /** Growth of the cap per attempt. Default 2. */
  factor: number;
  /** Consecutive attempts without reaching sysReady before the client gives up. Default Infinity. */
  maxAttempts: number;
  /**
   * After a 1012 (service restart) the delay is a uniform draw in [0, n], n the close reason's
   * `retry-after-ms=<n>`, else this, in ms; n is capped at `maxDelay`. Default 1000.
   */
  restartDelay: number;
  /** Which closes are worth another attempt. Default: `isTransientClose`. */
  shouldReconnect: (close: CloseInfo) => boolean;
}

/**
 * Closes after which trying again can succeed:
 * 1001 going away (server shutting down or restarting), 1005 no status (we cannot tell it was meant),
 * 1006 abnormal (network loss, refused connection, terminated socket), 1009 a message too big (the connection
 * was lost over one frame; the next one is fine), 1011 server error (an onion failed), 1012 service restart,
 * 1013 try again later (not ready), 1014 bad gateway.
 * Not: 1000 normal (someone meant it), 1002/1003/1007 protocol or data errors (the same client would hit them
 * again), 1008 policy (origin, identity, instance: retrying cannot fix it), 4000–4999 (module authors' codes,
 * their meaning is theirs: decide with `shouldReconnect`).
 */
export const RECONNECT_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1005, 1006, 1009, 1011, 1012, 1013, 1014]);

export function isTransientClose(close: CloseInfo): boolean {
  return RECONNECT_CLOSE_CODES.has(close.code);
}

export const DEFAULT_RECONNECT_OPTIONS: Readonly<ReconnectOptions> = Object.freeze({
  enabled: true,
  initialDelay: 500,
  maxDelay: 10000,
  factor: 2,
  maxAttempts: Infinity,
  restartDelay: DEFAULT_RESTART_DELAY,
  shouldReconnect: isTransientClose,
});

/** The upper bound of the delay before attempt number `attempt` (0 for the first): it grows, then stays capped. */
export function reconnectDelayCap(
  attempt: number,
  options: Pick<ReconnectOptions, 'initialDelay' | 'maxDelay' | 'factor'>,
): number {
  // A zero initial delay stays zero (0 * Infinity would be NaN once factor ** attempt overflows).
  if (!(options.initialDelay > 0)) return 0;
  // factor ** attempt may reach Infinity after many attempts: Math.min keeps the cap finite.
  return Math.max(0, Math.min(options.maxDelay, options.initialDelay * options.factor ** attempt));
}

/**
 * Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): a uniform draw in [0, cap], so that
 * clients dropped together by a restart do not come back together.
 * `random` returns [0, 1) like Math.random; the result is clamped should an injected one stray outside.
 */
export function reconnectDelay(
  attempt: number,
  options: Pick<ReconnectOptions, 'initialDelay' | 'maxDelay' | 'factor'>,
  random: () => number,
): number {
  return fullJitter(reconnectDelayCap(attempt, options), random);
}

/** A uniform draw in [0, cap]; `random` is clamped to [0, 1] should an injected one stray outside. */
export function fullJitter(cap: number, random: () => number): number {
  return Math.min(1, Math.max(0, random())) * cap;
}
