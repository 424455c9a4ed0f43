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

/**
 * sysReady of a connection of a history namespace (docs/protocol.md): where its stream stood when it was accepted
 * and the token of its next recovery. Other namespaces send `{ id }` only.
 */
export interface ISysReadyHistoryPayload {
  id: string;
  /** True only when the client asked to recover and every event it missed was replayed before this sysReady. */
  recovered: boolean;
  /** The stream position after which this connection receives every event meant for it, live. */
  epoch: string;
  offset: string;
  /** Single-use token for the next reconnect (`x-socket-session`); a new one with every sysReady. */
  session: string;
}

export interface ISystemEventRecord {
  sysReady: { id: string } | ISysReadyHistoryPayload;
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

/**
 * What an awaited `broadcast` / `send` resolves with: the event's place in its namespace's stream for a history
 * namespace (once it has one), an empty object otherwise. A history namespace's call rejects with a
 * `HistoryError` when the event will not be in the stream.
 */
export interface IDeliveryReceipt {
  readonly epoch?: string;
  readonly offset?: string;
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
