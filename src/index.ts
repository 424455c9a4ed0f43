import 'reflect-metadata';

export { createApp } from './createApp.js';
export { SocketApp } from './socketApp.js';
export type { ISocketAppOptions, ISocketAppPlugins, AppLifecycle } from './socketApp.js';
export { BeanBase } from './core/beanBase.js';
export { ModuleScope } from './core/moduleScope.js';
export { Bean, Service } from './core/decorators.js';
export { SocketNamespace, SocketConnection, SocketPacket } from './lib/socketDecorators.js';
export type { IBeanOptions } from './core/decorators.js';
export { SocketEvent, getSocketEventDeclarations } from './lib/socketEventMetadata.js';
export type { ISocketEventDeclaration, SocketEventMethodDecorator } from './lib/socketEventMetadata.js';
export { SocketEventTable } from './lib/socketEventTable.js';
export type { ISocketEventRoute } from './lib/socketEventTable.js';
export { defineModule } from './core/module.js';
export type { IModule, BeanClass } from './core/module.js';
export { ASocketError } from './core/error.js';
export type { ASocketErrorCode } from './core/error.js';
export { compose } from './core/onion/compose.js';
export type { OnionNext, OnionMiddleware, ComposedOnion } from './core/onion/compose.js';
export { sortOnions } from './core/onion/sortOnions.js';
export type { ISortableOnion } from './core/onion/sortOnions.js';
export { matchesRule as matchNamespace } from './core/onion/matchRule.js';
export { deriveBeanName, beanFullName, onionName } from './core/beanName.js';
export type { IBeanRecord } from './core/beanRecord.js';
export type { IBeanRegistration } from './core/beanRegistration.js';
export type { BeanScene } from './core/metadata.js';
export { createConsoleLogger } from './core/logger.js';
export { BeanSocketNamespaceBase } from './lib/beanSocketNamespaceBase.js';
export { SocketCloseError } from './lib/socketCloseError.js';
export { SocketActionError } from './lib/socketActionError.js';
export { isOriginAllowed } from './lib/originPolicy.js';
export { remoteAddressOf } from './lib/remoteAddress.js';
export { maskSecret, isSameUser } from './service/passportVerify.js';
export { encodeEventFrame, parseEventFrame } from './protocol/eventFrame.js';
export { namespaceOfPath, MALFORMED_PATH } from './protocol/namespacePath.js';
export { currentSocketContext } from './lib/currentSocketContext.js';
export { createRequestListenerExecutor, DEFAULT_DROPPED_HEADERS } from './executor/requestListenerExecutor.js';
export type { RequestListener, IRequestListenerExecutorOptions } from './executor/requestListenerExecutor.js';
export { getSocketContext } from './executor/requestSocketContext.js';
export { BeanSocket } from './bean/bean.socket.js';
export { MemoryBus, MemoryBusHub } from './bus/memoryBus.js';
export type { IMemoryBusOptions } from './bus/memoryBus.js';
export { RedisBus } from './bus/redis/redisBus.js';
export type { IRedisBusOptions } from './bus/redis/redisBus.js';
export type { IBroadcastBusStats, IRedisBusStats } from './bus/busStats.js';
export { SocketConnectionAlive } from './bean/socketConnection.alive.js';
export { SocketConnectionApp } from './bean/socketConnection.app.js';
export { SocketConnectionAddressLimit } from './bean/socketConnection.addressLimit.js';
export { SocketConnectionInstance } from './bean/socketConnection.instance.js';
export { SocketConnectionCors } from './bean/socketConnection.cors.js';
export { SocketConnectionEvent } from './bean/socketConnection.event.js';
export { SocketConnectionPassport } from './bean/socketConnection.passport.js';
export { SocketConnectionPassportExpiry } from './bean/socketConnection.passportExpiry.js';
export { SocketConnectionReady } from './bean/socketConnection.ready.js';
export { SocketNamespaceRoot } from './bean/socketNamespace.root.js';
export { SocketPacketEvent } from './bean/socketPacket.event.js';
export { SocketPacketPerformAction } from './bean/socketPacket.performAction.js';
export { SocketPacketSocketEvent } from './bean/socketPacket.socketEvent.js';
export { SocketPacketRateLimit } from './bean/socketPacket.rateLimit.js';
export { SocketPacketPassportRefresh } from './bean/socketPacket.passportRefresh.js';
export { Monkey } from './monkey.js';
export { moduleASocket } from './module.js';
export { ServiceMetrics } from './metrics/metrics.js';
export { ServiceOnion } from './service/onion.js';
export { ServiceSocket } from './service/socket.js';
export { ServiceSocketEvent } from './service/socketEvent.js';
export { ServiceSocketClose } from './service/socketClose.js';
export { ServicePassport } from './service/passport.js';
export type { IOnionRecord } from './service/onion.js';
export { defaultSocketConfig } from './config.js';
export { SYSTEM_EVENT_CODES } from './protocol/systemEvents.js';
export { SocketCloseCode } from './protocol/closeCodes.js';
export { BUS_ENVELOPE_VERSION } from './bus/broadcastBus.js';
export type {
  IBusEnvelope,
  IBusEventEnvelope,
  IBusEnvelopeSend,
  IBusEnvelopeBroadcast,
  IBusEnvelopeRoom,
  BusEnvelopeHandler,
  IBroadcastBus,
} from './bus/broadcastBus.js';
export type { TypedWebSocketClient } from './client/typedClient.js';
export type * from './types/index.js';
