/**
 * The main entry, `a-socket`: what a module author and an integrator write. Every value is named here on
 * purpose (test/publicApi.test.ts holds the list); internals are imported by path in this repository's tests
 * and are not part of the API. Beside it: `a-socket/client` (the browser-safe client SDK), `a-socket/http`
 * (the request-listener executor), `a-socket/redis` (ioredis, an optional peer) and `a-socket/metrics`
 * (prom-client, an optional peer). Nothing reachable from here imports an optional peer.
 */
import 'reflect-metadata';
// The a-socket module's scenes and error codes, merged into the kernel's records (types only).
import './types/kernelRecords.js';
// The built-in beans by full name, merged into IBeanRecord: SocketApp's own declarations name them, so a user's
// compiler must see this file too (without it, tsc with skipLibCheck off fails inside socketApp.d.ts).
import './module.js';

// The app.
export { createApp } from './createApp.js';
export { SocketApp } from './socketApp.js';
export type { ISocketAppOptions, ISocketAppPlugins, ISocketAppCloseOptions, AppLifecycle } from './socketApp.js';

// Modules and beans.
export { defineModule } from './core/module.js';
export type { IModule, BeanClass } from './core/module.js';
export { Bean, Service } from './core/decorators.js';
export type { IBeanOptions } from './core/decorators.js';
export { BeanBase } from './core/beanBase.js';
export type { ModuleScope, IModuleConfigRecord } from './core/moduleScope.js';
export type { IBeanRecord } from './core/beanRecord.js';
export type { IBeanRegistration } from './core/beanRegistration.js';
export type { BeanScene, IBeanSceneRecord } from './core/metadata.js';
export { SocketNamespace, SocketConnection, SocketPacket } from './lib/socketDecorators.js';
export { SocketEvent } from './lib/socketEventMetadata.js';
export type { SocketEventMethodDecorator } from './lib/socketEventMetadata.js';
export { BeanSocketNamespaceBase } from './lib/beanSocketNamespaceBase.js';
export { currentSocketContext } from './lib/currentSocketContext.js';
export type { IOnionRecord } from './service/onion.js';
export type { OnionNext } from './core/onion/compose.js';

// Errors and close codes.
export { ASocketError } from './core/error.js';
export type { ASocketErrorCode, IASocketErrorCodeRecord } from './core/error.js';
export { SocketCloseError } from './lib/socketCloseError.js';
export { SocketActionError } from './lib/socketActionError.js';
export { SocketCloseCode } from './protocol/closeCodes.js';

// Logging.
export { createConsoleLogger } from './core/logger.js';
export type { ILogger, LogLevel } from './core/logger.js';

// The in-process bus (one process, or several nodes in one process); Redis is `a-socket/redis`.
export { MemoryBus, MemoryBusHub } from './bus/memoryBus.js';
export type { IMemoryBusOptions } from './bus/memoryBus.js';
export type { IBroadcastBusStats } from './bus/busStats.js';
export type {
  IBroadcastBus,
  IBusEnvelope,
  IBusEventEnvelope,
  IBusEnvelopeSend,
  IBusEnvelopeBroadcast,
  IBusEnvelopeRoom,
  BusEnvelopeHandler,
} from './bus/broadcastBus.js';

// History (namespaces declared with `history`): the in-process stores; their Redis versions are `a-socket/redis`.
export { MemoryHistory } from './bus/history/memoryHistory.js';
export type { IMemoryHistoryOptions } from './bus/history/memoryHistory.js';
export { MemoryHistoryHub } from './bus/history/memoryHistoryHub.js';
export { MemorySessionStore } from './bus/history/memorySessionStore.js';
export type { IMemorySessionStoreOptions } from './bus/history/memorySessionStore.js';
export { HistoryError } from './bus/history/historyError.js';
export type { HistoryErrorReason } from './bus/history/historyError.js';

// The typed records module authors augment (`declare module 'a-socket' { interface ISocketNamespaceRecord … }`)
// and the types of config, plug-ins, contexts, onions and events.
export type { OriginRule, SlowConsumerPolicy, BinaryFramePolicy, RateLimitAction } from './types/config.js';
export type { ISocketConfig, OnionOverrides, IAppConfig } from './types/config.js';
export type { IOnionOptionsMeta, IOnionOptionsBase, OnionScene, OnionMatch, OnionMatchRule } from './types/onion.js';
export type { IPassportVerifier, IInstanceResolver, IActionExecutor, IPerformActionRequest } from './types/plugins.js';
export type {
  IHistoryStore,
  IHistoryListener,
  IHistoryLimits,
  IHistoryEntry,
  IHistoryEvent,
  IHistoryPosition,
  IHistoryEpochChange,
  IHistoryReaderGap,
  HistoryRange,
  HistoryGapReason,
  ISessionStore,
  ISessionRecord,
} from './types/plugins.js';
export type {
  ISocketUser,
  ISocketInstance,
  ISocketEventRecordAll,
  SocketEventData,
  SendEventCallback,
  SocketSendEvent,
  ISocketRequest,
  ISocketContext,
  ISocketWebSocket,
} from './types/socket.js';
export type {
  SocketConnectionNext,
  ISocketConnectionOptions,
  ISocketConnectionExecute,
  ISocketConnectionRecord,
} from './types/socketConnection.js';
export type {
  ISocketEventRecord,
  ISystemEventRecord,
  IClientSystemEventRecord,
  ISocketEventOptions,
  IDeliveryReceipt,
  ISysReadyHistoryPayload,
  ISocketEventIssue,
  ISocketEventErrorPayload,
  IPerformActionPayload,
  IPerformActionBackPayload,
  PerformActionMethod,
  SystemEventName,
} from './types/socketEvent.js';
export type {
  ISocketClientEventRecord,
  SocketClientEventName,
  SocketEventSchemas,
  SocketEventInputs,
  SocketEventOutputs,
  ISocketEventContext,
  SocketEventHandler,
  ISocketEventHandlerOptions,
} from './types/socketEventHandler.js';
export type {
  StandardSchemaV1,
  StandardSchemaV1Props,
  StandardSchemaV1Result,
  StandardSchemaV1Success,
  StandardSchemaV1Failure,
  StandardSchemaV1Issue,
  StandardSchemaV1PathSegment,
  StandardSchemaV1Types,
  InferSchemaInput,
  InferSchemaOutput,
} from './types/standardSchema.js';
export type {
  ISocketNamespaceOptions,
  ISocketNamespaceRecord,
  ISocketNamespaceHistoryOptions,
} from './types/socketNamespace.js';
export type {
  SocketPacketData,
  SocketPacketNext,
  ISocketPacketOptions,
  ISocketPacketExecute,
  ISocketPacketRecord,
} from './types/socketPacket.js';
