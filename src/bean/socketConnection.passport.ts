import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { ServicePassport } from '../service/passport.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsPassport = ISocketConnectionOptions;

/**
 * Identity: the passport code is verified by the app's `passport` verifier, or the user is anonymous (see
 * `ServicePassport.identify`); a refused identity closes with 1008.
 */
@SocketConnection<ISocketConnectionOptionsPassport>({ dependencies: 'a-socket:event' })
export class SocketConnectionPassport extends BeanBase implements ISocketConnectionExecute {
  constructor(@inject(ServicePassport) private readonly passport: ServicePassport) {
    super();
  }

  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPassport, next: SocketConnectionNext) {
    const verifying = this.passport.identify(ws);
    return verifying === undefined ? next() : verifying.then(() => next());
  }
}
