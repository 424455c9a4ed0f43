import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { type ServiceSocketEvent } from '../service/socketEvent.js';
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
  private sendEventOfSocket?: (this: ISocketWebSocket, ...args: Parameters<SocketSendEvent>) => void;

  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsEvent, next: SocketConnectionNext) {
    this.sendEventOfSocket ??= this.createSendEvent();
    ws.sendEvent = this.sendEventOfSocket.bind(ws) as SocketSendEvent;
    return next();
  }

  private createSendEvent() {
    const socketEvent = this.app.bean<ServiceSocketEvent>('a-socket.service.socketEvent');
    return function sendEvent(this: ISocketWebSocket, ...[eventName, data, , cb]: Parameters<SocketSendEvent>): void {
      socketEvent.deliver(this, socketEvent.encodeFrame(eventName, data), cb);
    };
  }
}
