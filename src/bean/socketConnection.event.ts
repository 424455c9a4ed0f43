import { BeanBase } from '../lib/beanBase.js';
import { SocketConnection } from '../lib/decorators.js';
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
  private socketEventBean?: ServiceSocketEvent;

  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsEvent, next: SocketConnectionNext) {
    const socketEvent = (this.socketEventBean ??= this.app.bean<ServiceSocketEvent>('a-socket.service.socketEvent'));
    const sendEvent: SocketSendEvent = (eventName, data, _eventOptions, cb) =>
      socketEvent.deliver(ws, socketEvent.encodeFrame(eventName, data), cb);
    ws.sendEvent = sendEvent;
    return next();
  }
}
