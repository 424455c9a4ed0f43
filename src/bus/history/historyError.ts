import { ASocketError } from '../../core/error.js';

/**
 * Why an append or a session operation failed:
 * - `closed`: the store was closed first;
 * - `namespace`: the namespace was not declared with history (`subscribe`);
 * - `unserializable`: the event's data is not JSON;
 * - `buffer-full`: Redis is unreachable and `maxBuffered` appends already wait;
 * - `buffer-expired`: Redis stayed unreachable longer than `maxBufferedAgeMs`;
 * - `unconfirmed`: sent when the connection dropped, and not seen in the stream since: it may or may not be in it;
 * - `refused`: Redis answered the append with an error (out of memory, a foreign key of the wrong type): not written;
 * - `unavailable`: Redis could not be asked (sessions).
 */
export type HistoryErrorReason =
  | 'closed'
  | 'namespace'
  | 'unserializable'
  | 'buffer-full'
  | 'buffer-expired'
  | 'unconfirmed'
  | 'refused'
  | 'unavailable';

declare module '../../core/error.js' {
  interface IASocketErrorCodeRecord {
    /** A history or session store could not do what was asked; `reason` says which failure it is. */
    HISTORY_FAILED: true;
  }
}

/**
 * The error of the history and session stores: an `ASocketError` (code `HISTORY_FAILED`, or
 * `NAMESPACE_UNKNOWN` for an undeclared namespace) whose `reason` says which failure it is, so
 * callers and metrics can tell them apart without reading the message.
 */
export class HistoryError extends ASocketError {
  readonly reason: HistoryErrorReason;

  constructor(reason: HistoryErrorReason, message: string, options?: { cause?: unknown }) {
    super(reason === 'namespace' ? 'NAMESPACE_UNKNOWN' : 'HISTORY_FAILED', message, options);
    this.name = 'HistoryError';
    this.reason = reason;
  }
}
