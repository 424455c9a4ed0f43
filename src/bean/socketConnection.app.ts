import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsApp = ISocketConnectionOptions;

/** Refuses new connections while the app is not ready or is closing: close 1013, the client tries again later. */
@SocketConnection<ISocketConnectionOptionsApp>({ dependencies: 'a-socket:alive' })
export class SocketConnectionApp extends BeanBase implements ISocketConnectionExecute {
  enter(_ws: ISocketWebSocket, _options: ISocketConnectionOptionsApp, next: SocketConnectionNext) {
    if (!this.app.isReady) throw new SocketCloseError(SocketCloseCode.tryAgainLater, SocketCloseReason.appNotReady);
    return next();
  }
}
