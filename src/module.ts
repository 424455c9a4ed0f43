import { BeanSocket } from './bean/bean.socket.js';
import { SocketConnectionAddressLimit } from './bean/socketConnection.addressLimit.js';
import { SocketConnectionAlive } from './bean/socketConnection.alive.js';
import { SocketConnectionApp } from './bean/socketConnection.app.js';
import { SocketConnectionCors } from './bean/socketConnection.cors.js';
import { SocketConnectionEvent } from './bean/socketConnection.event.js';
import { SocketConnectionInstance } from './bean/socketConnection.instance.js';
import { SocketConnectionPassport } from './bean/socketConnection.passport.js';
import { SocketConnectionPassportExpiry } from './bean/socketConnection.passportExpiry.js';
import { SocketConnectionReady } from './bean/socketConnection.ready.js';
import { SocketConnectionRecovery } from './bean/socketConnection.recovery.js';
import { SocketNamespaceRoot } from './bean/socketNamespace.root.js';
import { SocketPacketEvent } from './bean/socketPacket.event.js';
import { SocketPacketPassportRefresh } from './bean/socketPacket.passportRefresh.js';
import { SocketPacketPerformAction } from './bean/socketPacket.performAction.js';
import { SocketPacketSocketEvent } from './bean/socketPacket.socketEvent.js';
import { SocketPacketRateLimit } from './bean/socketPacket.rateLimit.js';
import { defaultSocketConfig } from './config.js';
import { defineModule } from './core/module.js';
import { Monkey } from './monkey.js';
import { ServiceMetrics } from './service/metrics.js';
import { ServiceOnion } from './service/onion.js';
import { ServiceSocket } from './service/socket.js';
import { ServiceSocketClose } from './service/socketClose.js';
import { ServiceSocketEvent } from './service/socketEvent.js';
import { ServicePassport } from './service/passport.js';
import { ServiceSocketHistory } from './service/socketHistory.js';
import { ServiceSocketRecovery } from './service/socketRecovery.js';

/** The built-in module: always registered first in every app. */
export const moduleASocket = defineModule({
  name: 'a-socket',
  config: defaultSocketConfig(),
  monkey: Monkey,
  beans: [
    BeanSocket,
    ServiceOnion,
    ServiceSocket,
    ServiceSocketEvent,
    ServiceSocketClose,
    ServiceMetrics,
    ServicePassport,
    ServiceSocketHistory,
    ServiceSocketRecovery,
    Monkey,
    SocketNamespaceRoot,
    SocketConnectionAlive,
    SocketConnectionApp,
    SocketConnectionAddressLimit,
    SocketConnectionInstance,
    SocketConnectionCors,
    SocketConnectionEvent,
    SocketConnectionPassport,
    SocketConnectionPassportExpiry,
    SocketConnectionRecovery,
    SocketConnectionReady,
    SocketPacketRateLimit,
    SocketPacketEvent,
    SocketPacketPerformAction,
    SocketPacketSocketEvent,
    SocketPacketPassportRefresh,
  ],
});

// The built-in beans by full name, so `app.bean('a-socket.service.socketEvent')` is typed.
declare module './core/beanRecord.js' {
  interface IBeanRecord {
    'a-socket.bean.socket': BeanSocket;
    'a-socket.service.onion': ServiceOnion;
    'a-socket.service.socket': ServiceSocket;
    'a-socket.service.socketEvent': ServiceSocketEvent;
    'a-socket.service.socketClose': ServiceSocketClose;
    'a-socket.service.metrics': ServiceMetrics;
    'a-socket.service.passport': ServicePassport;
    'a-socket.service.socketHistory': ServiceSocketHistory;
    'a-socket.service.socketRecovery': ServiceSocketRecovery;
    'a-socket.bean.monkey': Monkey;
    'a-socket.socketNamespace.root': SocketNamespaceRoot;
    'a-socket.socketConnection.alive': SocketConnectionAlive;
    'a-socket.socketConnection.app': SocketConnectionApp;
    'a-socket.socketConnection.addressLimit': SocketConnectionAddressLimit;
    'a-socket.socketConnection.instance': SocketConnectionInstance;
    'a-socket.socketConnection.cors': SocketConnectionCors;
    'a-socket.socketConnection.event': SocketConnectionEvent;
    'a-socket.socketConnection.passport': SocketConnectionPassport;
    'a-socket.socketConnection.passportExpiry': SocketConnectionPassportExpiry;
    'a-socket.socketConnection.recovery': SocketConnectionRecovery;
    'a-socket.socketConnection.ready': SocketConnectionReady;
    'a-socket.socketPacket.rateLimit': SocketPacketRateLimit;
    'a-socket.socketPacket.event': SocketPacketEvent;
    'a-socket.socketPacket.performAction': SocketPacketPerformAction;
    'a-socket.socketPacket.socketEvent': SocketPacketSocketEvent;
    'a-socket.socketPacket.passportRefresh': SocketPacketPassportRefresh;
  }
}
