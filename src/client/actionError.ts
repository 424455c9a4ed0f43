import type { PerformActionMethod } from '../types/socketEvent.js';

/**
 * Codes the client gives a failed `performAction` on its own. The server's failures are HTTP statuses
 * (numbers); these are strings so the two can never be confused.
 *
 * - `timeout`: no answer within the call's timeout;
 * - `aborted`: the caller's AbortSignal fired (before or after the call was sent);
 * - `closed`: the call was sent, then the connection closed before the answer came: the server may or may not
 *   have run it;
 * - `not_connected`: the call was never sent: the client was stopped, or stopped while the call was queued;
 * - `queue_full`: the client is not ready and its bounded outbound queue is full: the call was never sent;
 * - `bad_response`: the server's answer (`_c`) did not carry a numeric `c`.
 */
export type ActionClientErrorCode = 'timeout' | 'aborted' | 'closed' | 'not_connected' | 'queue_full' | 'bad_response';

/** The server's `c` (an HTTP status such as 400, 404, 429, 500, 504) or one of the client's own codes. */
export type ActionErrorCode = number | ActionClientErrorCode;

/** The rejection of `performAction`: which call failed and why. */
export class ActionError extends Error {
  readonly code: ActionErrorCode;
  readonly method: PerformActionMethod;
  readonly path: string;
  /** The request id `i` the call travelled with. */
  readonly requestId: number;

  constructor(code: ActionErrorCode, message: string, call: { method: PerformActionMethod; path: string; id: number }) {
    super(`${call.method.toUpperCase()} ${call.path} failed (${code}): ${message}`);
    this.name = 'ActionError';
    this.code = code;
    this.method = call.method;
    this.path = call.path;
    this.requestId = call.id;
  }

  /** True when the server answered with a failure (numeric code) rather than the client giving up. */
  get fromServer(): boolean {
    return typeof this.code === 'number';
  }
}
