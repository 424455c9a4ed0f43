/**
 * Why the client refused to do something itself (as opposed to an RPC the server answered with a failure,
 * which is an `ActionError`). String codes keep them apart from HTTP statuses and from WebSocket close codes.
 *
 * - `not_connected`: the client is stopped (`disconnect()` was called, the server closed with a code that does
 *   not reconnect, or reconnection gave up), so nothing would ever send the frame;
 * - `queue_full`: the client is (re)connecting and its bounded outbound queue is full;
 * - `already_connected`: `connect()` while a connection is open or being (re)established;
 * - `no_websocket`: no WebSocket implementation: none passed in options and none on `globalThis`;
 * - `invalid_argument`: e.g. a close code the browser would refuse.
 */
export type SocketClientErrorCode =
  'not_connected' | 'queue_full' | 'already_connected' | 'no_websocket' | 'invalid_argument';

export class SocketClientError extends Error {
  readonly code: SocketClientErrorCode;

  constructor(code: SocketClientErrorCode, message: string) {
    super(message);
    this.name = 'SocketClientError';
    this.code = code;
  }
}
