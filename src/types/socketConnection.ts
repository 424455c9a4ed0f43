import { type IOnionOptionsBase } from './onion.js';
import { type ISocketWebSocket } from './socket.js';

export type SocketConnectionNext = () => Promise<unknown>;

/** Options of a connection onion; a bean adds its own fields beside the shared ones. */
export type ISocketConnectionOptions = IOnionOptionsBase;

/**
 * A connection onion. `enter` runs when a client connects (throw `SocketCloseError` to refuse it),
 * `exit` when it leaves; each calls `next()` to go on. Both are optional, and may be async or not: a plain
 * function that returns `next()` (and throws to refuse) saves the promises and microtask turns an async
 * function costs on every handshake, which is why the built-in onions that wait for nothing are written so.
 */
export interface ISocketConnectionExecute<TOptions extends ISocketConnectionOptions = ISocketConnectionOptions> {
  enter?(ws: ISocketWebSocket, options: TOptions, next: SocketConnectionNext): unknown;
  exit?(ws: ISocketWebSocket, options: TOptions, next: SocketConnectionNext): unknown;
}

/** Options of each connection onion by onion name; module authors add theirs. */
export interface ISocketConnectionRecord {
  'a-socket:alive': ISocketConnectionOptions;
  'a-socket:app': ISocketConnectionOptions;
  'a-socket:addressLimit': ISocketConnectionOptions;
  'a-socket:instance': ISocketConnectionOptions;
  'a-socket:cors': ISocketConnectionOptions;
  'a-socket:event': ISocketConnectionOptions;
  'a-socket:passport': ISocketConnectionOptions;
  'a-socket:passportExpiry': ISocketConnectionOptions;
  'a-socket:recovery': ISocketConnectionOptions;
  'a-socket:ready': ISocketConnectionOptions;
}
