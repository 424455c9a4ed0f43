import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { isExpired } from '../service/passportVerify.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { type ServiceSocketClose } from '../service/socketClose.js';
import { type ServiceSocketEvent } from '../service/socketEvent.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsPassportExpiry = ISocketConnectionOptions;

/** setTimeout fires at once beyond a signed 32-bit delay: longer waits are taken in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

interface IExpiryTimer {
  timer?: NodeJS.Timeout;
  /** The `expiresAt` the client was already warned about. */
  warnedFor?: number;
}

/**
 * Identity expiry (`ctx.user.expiresAt`): an identity already expired is refused with 1008; otherwise one
 * timer per connection sends `sysPassportExpiring` `{ expiresAt }` `passport.expiryWarning` ms before, and
 * closes with 1008 at `expiresAt`. A refresh (`a-socket:passportRefresh`) re-arms it; exit clears it.
 */
@SocketConnection<ISocketConnectionOptionsPassportExpiry>({
  dependencies: 'a-socket:passport',
  dependents: 'a-socket:ready',
})
export class SocketConnectionPassportExpiry extends BeanBase<ISocketConfig> implements ISocketConnectionExecute {
  private readonly timers = new Map<ISocketWebSocket, IExpiryTimer>();

  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPassportExpiry, next: SocketConnectionNext) {
    if (isExpired(ws.ctx.user, this.logger)) {
      throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.passportExpired);
    }
    this.schedule(ws);
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPassportExpiry, next: SocketConnectionNext) {
    clearTimeout(this.timers.get(ws)?.timer);
    this.timers.delete(ws);
    return next();
  }

  /** (Re)arms the connection's timer for its current `ctx.user.expiresAt`; without one, there is nothing to time. */
  schedule(ws: ISocketWebSocket): void {
    const state = this.timers.get(ws) ?? {};
    clearTimeout(state.timer);
    state.timer = undefined;
    const expiresAt = ws.ctx.user?.expiresAt;
    if (expiresAt === undefined) {
      this.timers.delete(ws);
      return;
    }
    this.timers.set(ws, state);
    const dueAt = state.warnedFor === expiresAt ? expiresAt : expiresAt - this.scope.config.passport.expiryWarning;
    const delay = Math.min(Math.max(0, dueAt - Date.now()), MAX_TIMER_DELAY);
    // Always through a timer, also when due now: the warning then follows sysReady instead of preceding it.
    state.timer = setTimeout(() => this.due(ws, state), delay);
  }

  /** Connections with an armed expiry timer. */
  get scheduledCount(): number {
    return this.timers.size;
  }

  private due(ws: ISocketWebSocket, state: IExpiryTimer): void {
    const expiresAt = ws.ctx.user?.expiresAt;
    if (ws.readyState !== ws.OPEN || expiresAt === undefined) return;
    const now = Date.now();
    if (now >= expiresAt) {
      this.logger.debug(`closing ${ws.id}: its passport expired at ${new Date(expiresAt).toISOString()}`);
      this.app
        .bean<ServiceSocketClose>('a-socket.service.socketClose')
        .close(ws, SocketCloseCode.policy, SocketCloseReason.passportExpired);
      return;
    }
    if (now >= expiresAt - this.scope.config.passport.expiryWarning && state.warnedFor !== expiresAt) {
      state.warnedFor = expiresAt;
      this.app
        .bean<ServiceSocketEvent>('a-socket.service.socketEvent')
        .sendSystem(ws, 'sysPassportExpiring', { expiresAt });
    }
    this.schedule(ws);
  }
}
