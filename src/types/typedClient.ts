import { type WebSocketClient } from '../client/webSocketClient.js';
import { type ISocketEventRecord } from './socketEvent.js';
import { type ISocketClientEventRecord } from './socketEventHandler.js';

/**
 * The client SDK's `WebSocketClient`, typed both ways: `on` by the server's events, `sendEvent` by the client
 * events the server's `@SocketEvent` handlers take. Both default to the augmented records, so after the
 * module's declarations `const client: TypedWebSocketClient = new WebSocketClient({ WebSocket })` is typed;
 * a type only, nothing of the server reaches a browser bundle.
 */
export type TypedWebSocketClient<
  TServerEvents extends object = ISocketEventRecord,
  TClientEvents extends object = ISocketClientEventRecord,
> = Omit<WebSocketClient<TServerEvents>, 'sendEvent'> & {
  /** Sends a declared client event with its declared data: `'sent'` now, or `'queued'` until the next sysReady. */
  sendEvent<K extends Extract<keyof TClientEvents, string>>(eventName: K, data: TClientEvents[K]): 'sent' | 'queued';
};
