import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketPacket } from '../lib/socketDecorators.js';
import { isExpired, isSameUser, verifyPassportCode } from '../service/passportVerify.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { isPlainObject } from '../core/util.js';
import { type ServiceSocketClose } from '../service/socketClose.js';
import { type ServiceSocketEvent } from '../service/socketEvent.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type SocketPacketData,
  type SocketPacketNext,
} from '../types/socketPacket.js';
import { type SocketConnectionPassportExpiry } from './socketConnection.passportExpiry.js';

export type ISocketPacketOptionsPassportRefresh = ISocketPacketOptions;

/**
 * Identity refresh on a live connection: `sysPassportRefresh` `{ code }` is verified like the connect-time
 * code. A valid code for the same user replaces `ctx.user`, re-arms the expiry timer and answers
 * `sysPassportRefreshed` `{ expiresAt }`. Anything else closes with 1008: a malformed payload, no verifier,
 * an invalid or expired code, another user. Refreshes of one connection run one after the other.
 */
@SocketPacket<ISocketPacketOptionsPassportRefresh>({
  dependencies: 'a-socket:event',
  dependents: 'a-socket:performAction',
})
export class SocketPacketPassportRefresh extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  private readonly queues = new WeakMap<ISocketWebSocket, Promise<void>>();

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsPassportRefresh, next: SocketPacketNext) {
    const [eventName, payload] = data as SocketPacketData;
    if (eventName !== 'sysPassportRefresh') return next();
    const run = (this.queues.get(ws) ?? Promise.resolve()).then(() => this.refresh(ws, payload));
    this.queues.set(
      ws,
      run.catch(() => undefined),
    );
    return run;
  }

  private async refresh(ws: ISocketWebSocket, payload: unknown): Promise<void> {
    if (ws.readyState !== ws.OPEN) return;
    const code = isPlainObject(payload) && typeof payload.code === 'string' ? payload.code : '';
    if (code === '') return this.refuse(ws, SocketCloseCode.policy, SocketCloseReason.refreshWithoutCode);
    const verifier = this.app.plugins.passport;
    if (!verifier) return this.refuse(ws, SocketCloseCode.policy, SocketCloseReason.refreshWithoutVerifier);
    let user;
    try {
      user = await verifyPassportCode(verifier, code, ws.ctx, this.logger);
    } catch (error) {
      if (error instanceof SocketCloseError) {
        return this.refuse(ws, error.closeCode, error.message, 'the passport verifier');
      }
      throw error;
    }
    if (ws.readyState !== ws.OPEN) return;
    if (!user) return this.refuse(ws, SocketCloseCode.policy, SocketCloseReason.invalidPassportCode);
    if (!isSameUser(ws.ctx.user, user)) {
      return this.refuse(ws, SocketCloseCode.policy, SocketCloseReason.refreshOtherUser);
    }
    if (isExpired(user, this.logger)) return this.refuse(ws, SocketCloseCode.policy, SocketCloseReason.passportExpired);
    ws.ctx.user = user;
    ws.ctx.passportCode = code;
    this.app.bean<SocketConnectionPassportExpiry>('a-socket.socketConnection.passportExpiry').schedule(ws);
    this.app
      .bean<ServiceSocketEvent>('a-socket.service.socketEvent')
      .sendSystem(ws, 'sysPassportRefreshed', { expiresAt: user.expiresAt ?? null });
  }

  private refuse(ws: ISocketWebSocket, code: number, reason: string, source = 'a-socket:passportRefresh'): void {
    this.logger.debug(`passport refresh of ${ws.id} refused (${code}): ${reason}`);
    this.app.bean<ServiceSocketClose>('a-socket.service.socketClose').close(ws, code, reason, source);
  }
}
