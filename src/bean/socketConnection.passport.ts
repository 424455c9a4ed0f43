import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { verifyPassportCode } from '../service/passportVerify.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketUser, type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

/** Shared by every anonymous connection (frozen: replace `ctx.user`, never change it in place). */
const ANONYMOUS_USER: ISocketUser = Object.freeze({ anonymous: true });

export type ISocketConnectionOptionsPassport = ISocketConnectionOptions;

/**
 * Identity: a passport code is verified by the app's `passport` verifier (undefined back → 1008);
 * a verifier that throws counts as an invalid code. Without a code, or without a verifier, the user is
 * anonymous if `passport.allowAnonymous`, else 1008. The code itself is never logged.
 */
@SocketConnection<ISocketConnectionOptionsPassport>({ dependencies: 'a-socket:event' })
export class SocketConnectionPassport extends BeanBase<ISocketConfig> implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPassport, next: SocketConnectionNext) {
    const ctx = ws.ctx;
    const verifier = this.app.plugins.passport;
    if (ctx.user === undefined && ctx.passportCode && verifier) {
      const user = await verifyPassportCode(verifier, ctx.passportCode, ctx, this.logger);
      if (!user) throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.invalidPassportCode);
      ctx.user = user;
    }
    if (ctx.user === undefined) {
      if (!this.scope.config.passport.allowAnonymous) {
        throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.passportCodeRequired);
      }
      ctx.user = ANONYMOUS_USER;
    }
    return next();
  }
}
