import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsReady = ISocketConnectionOptions;

/** Terminal stage: onions placed after it may assume a fully set-up connection (identity, instance, sendEvent). */
@SocketConnection<ISocketConnectionOptionsReady>({ dependencies: 'a-socket:passport' })
export class SocketConnectionReady extends BeanBase implements ISocketConnectionExecute {
  enter(_ws: ISocketWebSocket, _options: ISocketConnectionOptionsReady, next: SocketConnectionNext) {
    return next();
  }
}
