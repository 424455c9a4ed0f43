import type { IClientSystemEventRecord, ISocketEventRecord } from '../types/socketEvent.js';
import type { CloseInfo, ReconnectOptions } from './reconnectPolicy.js';
import type { WebSocketConstructor } from './webSocketLike.js';

export interface WebSocketClientOptions {
  /** Defaults to `globalThis.WebSocket`. In Node 20 pass `WebSocket` from `ws`. */
  WebSocket?: WebSocketConstructor;
  /** Must match the server's `eventPrefix`. Default `'_:'`. */
  eventPrefix?: string;
  reconnect?: Partial<ReconnectOptions>;
  /** Default timeout of `performAction`, in ms. Default 30000; `Infinity` (or 0) means none. */
  performActionTimeout?: number;
  /** How many frames (events and RPC calls) wait while the client is not ready. Default 100. */
  maxQueued?: number;
  /** Delivery recovery for namespaces with history (docs/client.md, "Recovery"). */
  recovery?: {
    /** Offer the last position and session token when reconnecting. Default true. */
    enabled?: boolean;
    /**
     * Events a recovering connection may hold before its sysReady (the replay). Beyond it the recovery counts as
     * failed (`recovered: false`). Default 100000.
     */
    maxHeld?: number;
  };
  /** Source of the backoff jitter, [0, 1). Default `Math.random`; tests inject their own. */
  random?: () => number;
}

/**
 * The client's lifecycle: `idle` before the first `connect()`, `connecting` until the socket opens, `open`
 * until sysReady, `ready`, `reconnecting` while it waits out a backoff delay, `closed` once stopped (after
 * `disconnect()`, a close that does not reconnect, or `maxAttempts` spent). `connect()` leaves `closed` again.
 */
export type ClientState = 'idle' | 'connecting' | 'open' | 'ready' | 'reconnecting' | 'closed';

/** Event names a client can hear by declaration: its record's and the system events the SDK passes on. */
export type DeclaredClientEventName<Events extends object = ISocketEventRecord> = Extract<
  keyof Events | keyof IClientSystemEventRecord,
  string
>;

/** Event names: the declared ones (for completion and typed data), and any other string. */
export type ClientEventName<Events extends object = ISocketEventRecord> =
  DeclaredClientEventName<Events> | (string & {});

/**
 * Declared events get their declared data type (the record's, else the system event's); any other name gets
 * `unknown`, to be checked before use.
 */
export type ClientEventData<K extends string, Events extends object = ISocketEventRecord> = K extends keyof Events
  ? Events[K]
  : K extends keyof IClientSystemEventRecord
    ? IClientSystemEventRecord[K]
    : unknown;

export interface PerformActionOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  /** In ms; overrides `performActionTimeout`. */
  timeout?: number;
  signal?: AbortSignal;
}

/** Passed to `onReconnecting` when a reconnect is scheduled. */
export interface ReconnectSchedule {
  /** 1 for the first reconnect after a drop; reset once a connection reaches sysReady. */
  attempt: number;
  /** The drawn delay, in ms, within [0, cap]. */
  delay: number;
  /** The upper bound the delay was drawn under: min(maxDelay, initialDelay * factor^(attempt-1)). */
  cap: number;
}

export type { CloseInfo };
