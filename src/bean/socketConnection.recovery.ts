import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { ServiceSocketHistory } from '../service/socketHistory.js';
import { ServiceSocketRecovery } from '../service/socketRecovery.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsRecovery = ISocketConnectionOptions;

/**
 * Recovery for history namespaces (`meta.history`: it runs in no other namespace's chain): on enter, after the identity was verified
 * afresh, a client that offers its session token, epoch and offset gets its id, rooms and missed events back
 * (`ServiceSocketRecovery`); on exit, the connection's session is saved for its next reconnect.
 */
@SocketConnection<ISocketConnectionOptionsRecovery>({
  dependencies: 'a-socket:passport',
  dependents: 'a-socket:ready',
  meta: { history: true },
})
export class SocketConnectionRecovery extends BeanBase implements ISocketConnectionExecute {
  constructor(
    @inject(ServiceSocketRecovery) private readonly recovery: ServiceSocketRecovery,
    @inject(ServiceSocketHistory) private readonly history: ServiceSocketHistory,
  ) {
    super();
  }

  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsRecovery, next: SocketConnectionNext) {
    await this.recovery.recover(ws);
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: ISocketConnectionOptionsRecovery, next: SocketConnectionNext) {
    await this.history.save(ws);
    return next();
  }
}
