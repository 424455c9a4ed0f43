import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketPacket } from '../lib/socketDecorators.js';
import { ServicePassport } from '../service/passport.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type SocketPacketData,
  type SocketPacketNext,
} from '../types/socketPacket.js';

export type ISocketPacketOptionsPassportRefresh = ISocketPacketOptions;

/**
 * Identity refresh on a live connection: `sysPassportRefresh` `{ code }` goes to `ServicePassport.refresh` (a
 * valid code for the same user answers `sysPassportRefreshed`, anything else closes with 1008); other packets
 * pass on.
 */
@SocketPacket<ISocketPacketOptionsPassportRefresh>({
  dependencies: 'a-socket:event',
  dependents: 'a-socket:performAction',
})
export class SocketPacketPassportRefresh extends BeanBase implements ISocketPacketExecute {
  constructor(@inject(ServicePassport) private readonly passport: ServicePassport) {
    super();
  }

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsPassportRefresh, next: SocketPacketNext) {
    const [eventName, payload] = data as SocketPacketData;
    if (eventName !== 'sysPassportRefresh') return next();
    return this.passport.refresh(ws, payload);
  }
}
