import { type IncomingHttpHeaders } from 'node:http';
import { type WebSocket } from 'ws';
import { type ISocketEventOptions, type ISocketEventRecord, type ISystemEventRecord } from './socketEvent.js';

/** Who is on the other end. Integrators add fields with `declare module 'a-socket'`. */
export interface ISocketUser {
  id?: string;
  name?: string;
  anonymous: boolean;
  /**
   * When this identity expires, in milliseconds since the epoch (a JWT `exp` is in seconds: times 1000).
   * The server warns the client `passport.expiryWarning` ms before, and closes the connection with 1008
   * at this moment unless the client refreshed its identity (`sysPassportRefresh`). Absent: never expires.
   */
  expiresAt?: number;
}

/** The tenant a connection belongs to (multi-instance deployments). */
export interface ISocketInstance {
  name: string;
}

/** Every event a server may send: system events plus those module authors declare. */
export type ISocketEventRecordAll = ISocketEventRecord & ISystemEventRecord;

/** Payload type of an event: typed when the event is declared, `unknown` otherwise. */
export type SocketEventData<K extends string> = K extends keyof ISocketEventRecordAll
  ? ISocketEventRecordAll[K]
  : unknown;

export type SendEventCallback = (error?: Error) => void;

export type SocketSendEvent = <K extends string>(
  eventName: K,
  data?: SocketEventData<K>,
  options?: ISocketEventOptions,
  cb?: SendEventCallback,
) => void;

/**
 * What a connection keeps of its upgrade request. Not the IncomingMessage itself: held for the life of the
 * connection, with its stream state and raw headers, that costs about 1 KB per idle connection.
 */
export interface ISocketRequest {
  /** Path and query as requested, e.g. `/ws/chat?x-vona-passport-code=…`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Peer address of the TCP socket, an IPv4-mapped IPv6 address written as IPv4; `'unknown'` if it was gone. */
  remoteAddress: string;
}

/** Per-connection values, reachable as `ctx` in every bean while the connection's chains run. */
export interface ISocketContext {
  /** Random UUID, sent to the client in `sysReady`. */
  id: string;
  namespace: string;
  request: ISocketRequest;
  /** Query string values of the upgrade request (first value of each key). */
  query: Record<string, string>;
  passportCode?: string;
  instanceName?: string;
  locale?: string;
  tz?: string;
  user?: ISocketUser;
  instance?: ISocketInstance;
  /** Aborted when the connection closes: pass it to work done for this connection. */
  signal: AbortSignal;
  /** Free state for onions and handlers. */
  state: Record<string, unknown>;
  ws: ISocketWebSocket;
}

/** A `ws` WebSocket as a-socket hands it to onions. `sendEvent` is installed by the `a-socket:event` onion. */
export type ISocketWebSocket = WebSocket & {
  id: string;
  namespace: string;
  ctx: ISocketContext;
  sendEvent: SocketSendEvent;
};
