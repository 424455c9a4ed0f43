import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { ServiceSocketEvent } from '../service/socketEvent.js';
import { type ISocketWebSocket, type SocketSendEvent } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsEvent = ISocketConnectionOptions;

/** Gives the socket `sendEvent(eventName, data, options?, cb?)`, which writes one event frame. */
@SocketConnection<ISocketConnectionOptionsEvent>({ dependencies: 'a-socket:cors' })
export class SocketConnectionEvent extends BeanBase implements ISocketConnectionExecute {
  /** One function for every socket; each gets it bound to itself, smaller than a closure and its context. */
  private readonly sendEventOfSocket: (this: ISocketWebSocket, ...args: Parameters<SocketSendEvent>) => void;

  constructor(@inject(ServiceSocketEvent) socketEvent: ServiceSocketEvent) {
    super();
    this.sendEventOfSocket = function sendEvent(this: ISocketWebSocket, ...[eventName, data, , cb]) {
      socketEvent.deliver(this, socketEvent.encodeFrame(eventName, data), cb);
    };
  }

  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsEvent, next: SocketConnectionNext) {
    ws.sendEvent = this.sendEventOfSocket.bind(ws) as SocketSendEvent;
    return next();
  }
}
