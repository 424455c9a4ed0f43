import { type ClientEventData, type DeclaredClientEventName } from './clientOptions.js';
import { type WebSocketClient } from './webSocketClient.js';
import { type ISocketEventRecord } from '../types/socketEvent.js';
import { type ISocketClientEventRecord } from '../types/socketEventHandler.js';

/**
 * The client SDK's `WebSocketClient`, typed both ways: `on` / `off` by the server's events (and the system
 * events every client may get), `sendEvent` by the client events the server's `@SocketEvent` handlers take; a
 * name that is not declared does not compile, where the untyped client takes any string. Both default to the
 * augmented records, so after the module's declarations
 * `const client: TypedWebSocketClient = new WebSocketClient({ WebSocket })` is typed; a type only, nothing of
 * the server reaches a browser bundle.
 */
export type TypedWebSocketClient<
  TServerEvents extends object = ISocketEventRecord,
  TClientEvents extends object = ISocketClientEventRecord,
> = Omit<WebSocketClient<TServerEvents>, 'on' | 'off' | 'sendEvent'> & {
  /** Subscribes to one declared server event; returns the unsubscribe function. */
  on<K extends DeclaredClientEventName<TServerEvents>>(
    eventName: K,
    handler: (data: ClientEventData<K, TServerEvents>) => void,
  ): () => void;
  off<K extends DeclaredClientEventName<TServerEvents>>(
    eventName: K,
    handler: (data: ClientEventData<K, TServerEvents>) => void,
  ): void;
  /** Sends a declared client event with its declared data: `'sent'` now, or `'queued'` until the next sysReady. */
  sendEvent<K extends Extract<keyof TClientEvents, string>>(eventName: K, data: TClientEvents[K]): 'sent' | 'queued';
};
