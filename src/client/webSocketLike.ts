import type { CloseInfo } from './reconnectPolicy.js';

/**
 * The part of a WebSocket the client uses: the event-target API that both the browser's WebSocket and the
 * `ws` package's implement, so either can be passed in without adapters.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: (event: unknown) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: CloseInfo) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/** `globalThis.WebSocket` in browsers (and Node 22+), `WebSocket` from `ws` in Node 20. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** WebSocket.readyState values (the constants are not on every implementation's prototype). */
export const SOCKET_STATE = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;
