import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsAddressLimit = ISocketConnectionOptions;

/**
 * At most `maxConnectionsPerAddress` open connections per remote address (0, the default: no cap); one more
 * closes with 1013, so the client SDK tries again later, when one of the others may have left. Each
 * connection counts from this stage until its exit chain, whatever refuses it later.
 */
@SocketConnection<ISocketConnectionOptionsAddressLimit>({
  dependencies: 'a-socket:app',
  dependents: 'a-socket:instance',
})
export class SocketConnectionAddressLimit extends BeanBase<ISocketConfig> implements ISocketConnectionExecute {
  private readonly counts = new Map<string, number>();
  private readonly addressOf = new WeakMap<ISocketWebSocket, string>();

  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsAddressLimit, next: SocketConnectionNext) {
    const max = this.scope.config.maxConnectionsPerAddress;
    if (max > 0) {
      const address = ws.ctx.request.remoteAddress;
      const count = this.counts.get(address) ?? 0;
      if (count >= max) {
        this.logger.debug(`refusing ${ws.id}: ${address} already has ${count} connections (max ${max})`);
        throw new SocketCloseError(SocketCloseCode.tryAgainLater, SocketCloseReason.tooManyFromAddress);
      }
      this.counts.set(address, count + 1);
      this.addressOf.set(ws, address);
    }
    return next();
  }

  exit(ws: ISocketWebSocket, _options: ISocketConnectionOptionsAddressLimit, next: SocketConnectionNext) {
    const address = this.addressOf.get(ws);
    if (address !== undefined) {
      this.addressOf.delete(ws);
      const left = (this.counts.get(address) ?? 1) - 1;
      if (left > 0) this.counts.set(address, left);
      else this.counts.delete(address);
    }
    return next();
  }

  /** Connections counted for an address now (0 when the cap is off). */
  connectionsFrom(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  /** How many addresses hold a count: 0 once every counted connection has left. */
  get addressCount(): number {
    return this.counts.size;
  }
}
