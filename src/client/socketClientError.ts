/**
 * Why the client refused to do something itself (as opposed to an RPC the server answered with a failure,
 * which is an `ActionError`). String codes keep them apart from HTTP statuses and from WebSocket close codes.
 *
 * - `not_connected`: the client is stopped (`disconnect()` was called, the server closed with a code that does
 *   not reconnect, or reconnection gave up), so nothing would ever send the frame;
 * - `upgrade_refused`: the server answered the WebSocket upgrade with a 4xx (`status`: 404 for an undeclared
 *   namespace, 400, 401, 403...), so the client stopped; only where the status is visible (Node with `ws`);
 * - `connect_failed`: the first attempt after `connect()` failed (e.g. a closed port); the client keeps trying;
 * - `queue_full`: the client is (re)connecting and its bounded outbound queue is full;
 * - `already_connected`: `connect()` while a connection is open or being (re)established;
 * - `no_websocket`: no WebSocket implementation: none passed in options and none on `globalThis`;
 * - `invalid_argument`: e.g. a close code the browser would refuse.
 */
export type SocketClientErrorCode =
  | 'not_connected'
  | 'upgrade_refused'
  | 'connect_failed'
  | 'queue_full'
  | 'already_connected'
  | 'no_websocket'
  | 'invalid_argument';

export interface SocketClientErrorOptions {
  /** What failed underneath: the socket's error, or the close. */
  cause?: unknown;
  /** The HTTP status of a refused upgrade (`upgrade_refused`). */
  status?: number;
}

export class SocketClientError extends Error {
  readonly code: SocketClientErrorCode;
  readonly status: number | undefined;

  constructor(code: SocketClientErrorCode, message: string, options: SocketClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SocketClientError';
    this.code = code;
    this.status = options.status;
  }
}
