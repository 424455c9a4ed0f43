import { type IPerformActionBackPayload, type IPerformActionPayload } from '../protocol/performActionPayload.js';

export type {
  IPerformActionBackPayload,
  IPerformActionPayload,
  PerformActionMethod,
} from '../protocol/performActionPayload.js';
export type { SystemEventName } from '../protocol/systemEvents.js';

/**
 * Server-to-client events. Module authors add theirs:
 * `declare module 'a-socket' { interface ISocketEventRecord { 'chat:message': { text: string } } }`.
 */
export interface ISocketEventRecord {
  /** An event with a `@SocketEvent` handler could not be handled; sent to its sender only. */
  sysEventError: ISocketEventErrorPayload;
}

export interface ISystemEventRecord {
  sysReady: { id: string };
  sysPerformAction: IPerformActionPayload;
  sysPerformActionBack: IPerformActionBackPayload;
  /** Server → client: the identity expires at `expiresAt` (ms since the epoch); send `sysPassportRefresh`. Plain name on the wire. */
  sysPassportExpiring: { expiresAt: number };
  /** Client → server: a new passport code for the same user. Plain name on the wire. */
  sysPassportRefresh: { code: string };
  /** Server → client: the refresh was accepted; the new identity expires at `expiresAt` (null: never). */
  sysPassportRefreshed: { expiresAt: number | null };
  /**
   * Server → client: `count` events were not sent to this connection while it read too slowly (over
   * `maxBufferedAmount` with `slowConsumer: 'skip'`); sent once its buffer is under the threshold again. Plain name on the wire.
   */
  sysEventsSkipped: { count: number };
}

/**
 * Server events any client may get, whatever events its module declares, which the client SDK passes on to
 * `on` (it consumes the others, like sysReady): typed for every client, also one typed by its own record.
 */
export interface IClientSystemEventRecord {
  sysEventError: ISocketEventErrorPayload;
  sysPassportExpiring: ISystemEventRecord['sysPassportExpiring'];
  sysPassportRefreshed: ISystemEventRecord['sysPassportRefreshed'];
}

export interface ISocketEventOptions {
  /** Do not deliver to this connection id (e.g. the sender of a chat message). */
  exclude?: string;
  /** Broadcast only to the connections in this room of the namespace (see `join` / `leave`). */
  room?: string;
}

/** One problem found in an event's data: where (keys from the root) and what. */
export interface ISocketEventIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * `sysEventError`, sent to the sender only when an event with a `@SocketEvent` handler could not be handled.
 * `code` is an HTTP status, as in RPC answers: 400 the data failed its schema (see `issues`), 500 the handler
 * failed, or the status of a `SocketActionError` the handler threw. The connection stays open.
 */
export interface ISocketEventErrorPayload {
  event: string;
  code: number;
  message: string;
  /** Present for 400: the schema's issues, at most 20. */
  issues?: ISocketEventIssue[];
}
