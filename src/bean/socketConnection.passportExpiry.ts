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

export type ISocketConnectionOptionsPassportExpiry = ISocketConnectionOptions;

/**
 * Identity expiry (`ctx.user.expiresAt`): an identity already expired is refused with 1008; otherwise the
 * connection is warned `passport.expiryWarning` ms before and closed with 1008 at `expiresAt`
 * (`ServicePassport.watchExpiry`). A refresh (`a-socket:passportRefresh`) re-arms it; exit forgets it.
 */
@SocketConnection<ISocketConnectionOptionsPassportExpiry>({
  dependencies: 'a-socket:passport',
  dependents: 'a-socket:ready',
})
export class SocketConnectionPassportExpiry extends BeanBase implements ISocketConnectionExecute {
  constructor(@inject(ServicePassport) private readonly passport: ServicePassport) {
    super();
  }

  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPassportExpiry, next: SocketConnectionNext) {
    this.passport.watchExpiry(ws);
    return next();
  }

  exit(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPassportExpiry, next: SocketConnectionNext) {
    this.passport.unwatchExpiry(ws);
    return next();
  }
}
