/**
 * The a-socket client SDK (`a-socket/client`): browser-safe, no Node-only imports. Every type a client needs comes
 * from here, so a browser bundle never reaches the server's entry (`a-socket`), not even for a type.
 */
export { WebSocketClient } from './webSocketClient.js';
export type {
  WebSocketClientOptions,
  ClientState,
  ClientEventName,
  DeclaredClientEventName,
  ClientEventData,
  PerformActionOptions,
  ReconnectSchedule,
} from './clientOptions.js';
export { RECOVERY_QUERY_KEYS } from '../protocol/recoveryQuery.js';
export type { ReadyInfo } from './deliveryRecovery.js';
export { retryAfterMsOf } from './restartHint.js';
export { keepPassportFresh } from './passportRefresh.js';
export type { PassportRefreshOptions } from './passportRefresh.js';
export { ActionError } from './actionError.js';
export type { ActionErrorCode, ActionClientErrorCode } from './actionError.js';
export { SocketClientError } from './socketClientError.js';
export type { SocketClientErrorCode } from './socketClientError.js';
export {
  RECONNECT_CLOSE_CODES,
  DEFAULT_RECONNECT_OPTIONS,
  isTransientClose,
  reconnectDelay,
  reconnectDelayCap,
} from './reconnectPolicy.js';
export type { CloseInfo, ReconnectOptions } from './reconnectPolicy.js';
export { encodeFrame, decodeFrame } from './wireFrame.js';
export type { DecodedFrame } from './wireFrame.js';
export type { WebSocketLike, WebSocketConstructor } from './webSocketLike.js';
export type { TypedWebSocketClient } from './typedClient.js';
export { SYSTEM_EVENT_CODES } from '../protocol/systemEvents.js';
export type {
  ISocketEventRecord,
  IClientSystemEventRecord,
  PerformActionMethod,
  IPerformActionPayload,
  IPerformActionBackPayload,
  SystemEventName,
} from '../types/socketEvent.js';
export type { ISocketClientEventRecord } from '../types/socketEventHandler.js';
export { SocketCloseCode } from '../protocol/closeCodes.js';
