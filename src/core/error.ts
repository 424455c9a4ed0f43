/**
 * The codes of `ASocketError`, each with what it means. The kernel declares its own; a module adds the codes
 * of its errors by declaration merging, so `ASocketErrorCode` lists every code the app may throw.
 */
export interface IASocketErrorCodeRecord {
  /** The onions' `dependencies` / `dependents` form a cycle. */
  ONION_CYCLE: true;
  /** An onion names an onion that is not registered. */
  ONION_UNKNOWN: true;
  /** Two onions of one scene have the same name. */
  ONION_DUPLICATE: true;
  /** A chain was composed with something that is not a function. */
  ONION_NOT_FUNCTION: true;
  /** An onion called `next()` twice. */
  ONION_NEXT_TWICE: true;
  /** A module declaration is invalid (name, beans, registered twice). */
  MODULE_INVALID: true;
  /** A class is not a bean, or a bean cannot be created. */
  BEAN_INVALID: true;
  /** Two beans share a class or a full name. */
  BEAN_DUPLICATE: true;
  /** No bean (or no module) by that name or class in this app. */
  BEAN_NOT_FOUND: true;
  /** A lifecycle call out of order (`appReady` twice, a bus subscribed twice...). */
  APP_STATE: true;
  /** An optional peer package (ioredis, prom-client) that a subpath needs is not installed. */
  PEER_MISSING: true;
}

export type ASocketErrorCode = Extract<keyof IASocketErrorCodeRecord, string>;

/**
 * The one error class of a-socket: `code` tells the kind, the message names what is wrong and with what, and
 * `cause` keeps the error it was made from, so a start-up failure still shows the stack of what really failed.
 */
export class ASocketError extends Error {
  readonly code: ASocketErrorCode;

  constructor(code: ASocketErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ASocketError';
    this.code = code;
  }
}
