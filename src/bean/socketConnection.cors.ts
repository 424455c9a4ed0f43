import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { isOriginAllowed } from '../lib/originPolicy.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsCors = ISocketConnectionOptions;

/**
 * Origin check for browsers: the request's own host or one allowed by `cors.origins` passes, any other
 * origin closes with 1008. A request without `Origin` is not from a browser and passes.
 */
@SocketConnection<ISocketConnectionOptionsCors>({ dependencies: 'a-socket:instance' })
export class SocketConnectionCors extends BeanBase<ISocketConfig> implements ISocketConnectionExecute {
  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsCors, next: SocketConnectionNext) {
    const request = ws.ctx.request;
    const origin = request.headers.origin;
    if (origin !== undefined && !isOriginAllowed(origin, request.headers.host, this.scope.config.cors.origins)) {
      throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.originNotAllowed);
    }
    return next();
  }
}
