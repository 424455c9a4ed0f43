import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { DeadlineList, type IDeadlineEntry } from '../core/deadlineList.js';
import { Service } from '../core/decorators.js';
import { isPlainObject } from '../core/util.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { type ISocketConfig } from '../types/config.js';
import { type IPassportVerifier } from '../types/plugins.js';
import { type ISocketContext, type ISocketUser, type ISocketWebSocket } from '../types/socket.js';
import { isExpired, isSameUser, verifyPassportCode } from './passportVerify.js';
import { ServiceSocketClose } from './socketClose.js';
import { ServiceSocketEvent } from './socketEvent.js';

/** Shared by every anonymous connection (frozen: replace `ctx.user`, never change it in place). */
const ANONYMOUS_USER: ISocketUser = Object.freeze({ anonymous: true });

/** A connection whose identity has an `expiresAt`, waiting for its next moment: the warning, then the expiry. */
class ExpiryWatch implements IDeadlineEntry<ExpiryWatch> {
  deadline = 0;
  prev: ExpiryWatch | undefined = undefined;
  next: ExpiryWatch | undefined = undefined;
  /** The `expiresAt` the client was already warned about. */
  warnedFor: number | undefined = undefined;

  constructor(readonly ws: ISocketWebSocket) {}
}

/**
 * A connection's identity, from its passport code to its expiry: the `a-socket:passport`,
 * `a-socket:passportExpiry` and `a-socket:passportRefresh` onions are thin callers of this service.
 *
 * - **Verify** (`identify`): the code is verified by the app's `passport` verifier (undefined back → 1008; a
 *   verifier that throws counts as an invalid code). Without a code, or without a verifier, the user is anonymous
 *   if `passport.allowAnonymous`, else 1008. The code itself is never logged.
 * - **Expiry** (`watchExpiry`): an identity already expired is refused with 1008; otherwise the connection is
 *   sent `sysPassportExpiring` `{ expiresAt }` `passport.expiryWarning` ms before and closed with 1008 at
 *   `expiresAt`. Every connection's next moment sits in one `DeadlineList` served by one timer.
 * - **Refresh** (`refresh`): `sysPassportRefresh` `{ code }` is verified like the connect-time code. A valid code
 *   for the same user replaces `ctx.user`, re-arms the expiry and answers `sysPassportRefreshed` `{ expiresAt }`;
 *   anything else closes with 1008. Refreshes of one connection run one after the other.
 */
@Service()
export class ServicePassport extends BeanBase<ISocketConfig> {
  private readonly watches = new Map<ISocketWebSocket, ExpiryWatch>();
  // Tokens of one lifetime issued in order expire in order: adding to the list is then O(1).
  private readonly expiries = new DeadlineList<ExpiryWatch>(watch => this.due(watch));
  private readonly refreshes = new WeakMap<ISocketWebSocket, Promise<void>>();

  constructor(
    @inject(ServiceSocketClose) private readonly socketClose: ServiceSocketClose,
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
  ) {
    super();
  }

  /**
   * Gives the connection its `ctx.user`, or throws the `SocketCloseError` that refuses it: at once, or through the
   * promise it returns when a verifier has to be asked (no promise otherwise: it runs on every handshake).
   */
  identify(ws: ISocketWebSocket): Promise<void> | undefined {
    const ctx = ws.ctx;
    const verifier = this.app.plugins.passport;
    if (ctx.user === undefined && ctx.passportCode && verifier) return this.verify(ctx, verifier, ctx.passportCode);
    if (ctx.user === undefined) {
      if (!this.scope.config.passport.allowAnonymous) {
        throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.passportCodeRequired);
      }
      ctx.user = ANONYMOUS_USER;
    }
    return undefined;
  }

  private async verify(ctx: ISocketContext, verifier: IPassportVerifier, code: string): Promise<void> {
    const user = await verifyPassportCode(verifier, code, ctx, this.logger);
    if (!user) throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.invalidPassportCode);
    ctx.user = user;
  }

  /** Refuses an identity that has already expired; watches one that will. */
  watchExpiry(ws: ISocketWebSocket): void {
    if (isExpired(ws.ctx.user, this.logger)) {
      throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.passportExpired);
    }
    this.schedule(ws);
  }

  /** The connection left: nothing more to time for it. */
  unwatchExpiry(ws: ISocketWebSocket): void {
    const watch = this.watches.get(ws);
    if (watch === undefined) return;
    this.expiries.remove(watch);
    this.watches.delete(ws);
  }

  /** Connections whose identity expires and that are still open (or have not run their exit chain yet). */
  get scheduledCount(): number {
    return this.watches.size;
  }

  /** Handles a `sysPassportRefresh` payload, after the connection's earlier refreshes. */
  refresh(ws: ISocketWebSocket, payload: unknown): Promise<void> {
    const run = (this.refreshes.get(ws) ?? Promise.resolve()).then(() => this.refreshNow(ws, payload));
    this.refreshes.set(
      ws,
      run.catch(() => undefined),
    );
    return run;
  }

  /** (Re)arms the connection's watch for its current `ctx.user.expiresAt`; without one, there is nothing to time. */
  private schedule(ws: ISocketWebSocket): void {
    const expiresAt = ws.ctx.user?.expiresAt;
    let watch = this.watches.get(ws);
    if (watch !== undefined) this.expiries.remove(watch);
    if (expiresAt === undefined) {
      this.watches.delete(ws);
      return;
    }
    if (watch === undefined) {
      watch = new ExpiryWatch(ws);
      this.watches.set(ws, watch);
    }
    const dueAt = watch.warnedFor === expiresAt ? expiresAt : expiresAt - this.scope.config.passport.expiryWarning;
    // Always through the list's timer, also when due now: the warning then follows sysReady instead of preceding it.
    this.expiries.add(watch, Math.max(0, dueAt - Date.now()));
  }

  private due(watch: ExpiryWatch): void {
    const ws = watch.ws;
    const expiresAt = ws.ctx.user?.expiresAt;
    if (ws.readyState !== ws.OPEN || expiresAt === undefined) return;
    const now = Date.now();
    if (now >= expiresAt) {
      this.logger.debug(`closing ${ws.id}: its passport expired at ${new Date(expiresAt).toISOString()}`);
      this.socketClose.close(ws, SocketCloseCode.policy, SocketCloseReason.passportExpired);
      return;
    }
    if (now >= expiresAt - this.scope.config.passport.expiryWarning && watch.warnedFor !== expiresAt) {
      watch.warnedFor = expiresAt;
      this.socketEvent.sendSystem(ws, 'sysPassportExpiring', { expiresAt });
    }
    // Early (the list's timer is monotonic, `expiresAt` is wall-clock time) or warned: wait for the next moment.
    this.schedule(ws);
  }

  private async refreshNow(ws: ISocketWebSocket, payload: unknown): Promise<void> {
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
    this.schedule(ws);
    this.socketEvent.sendSystem(ws, 'sysPassportRefreshed', { expiresAt: user.expiresAt ?? null });
  }

  private refuse(ws: ISocketWebSocket, code: number, reason: string, source = 'a-socket:passportRefresh'): void {
    this.logger.debug(`passport refresh of ${ws.id} refused (${code}): ${reason}`);
    this.socketClose.close(ws, code, reason, source);
  }
}
