import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'inversify';
import { BeanSocket } from '../bean/bean.socket.js';
import { type HistoryGapReason, type HistoryRange } from '../bus/history/history.js';
import { isEpoch, parseOffset } from '../protocol/historyPosition.js';
import { type ISessionRecord, type ISessionStore } from '../bus/history/sessionStore.js';
import { isSessionToken } from '../bus/history/sessionToken.js';
import { BeanBase } from '../core/beanBase.js';
import { settlesWithin } from '../core/settlesWithin.js';
import { Service } from '../core/decorators.js';
import { sessionUserKey } from '../lib/sessionUserKey.js';
import { ServiceMetrics } from './metrics.js';
import { RECOVERY_QUERY_KEYS } from '../protocol/recoveryQuery.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { ensureHistoryConnection, entryIsFor } from './historyConnection.js';
import { connectionRunOf } from './socketContext.js';
import { ServiceSocketHistory } from './socketHistory.js';

/**
 * Why a recovery was refused (metrics label `reason`): besides the store's gap reasons (`epoch`, `trimmed`,
 * `expired`, `offset`, `unavailable`), `token` (malformed, unknown, taken or expired), `namespace` (the session
 * is another namespace's), `user` (the freshly verified identity is not the session's), `id-in-use` (a
 * connection of this process still has the id).
 */
export type RecoveryRefusal = 'token' | 'namespace' | 'user' | 'id-in-use' | HistoryGapReason;

/**
 * Waits before asking the session store again for a token it did not know (or when it could not be asked): a
 * client whose old connection this (or another) process has not yet seen close reconnects before that
 * connection's exit saved the session; a Redis session store may still be connecting.
 */
const TAKE_RETRY_DELAYS_MS = [50, 200] as const;

/**
 * Recovery of a reconnecting client of a history namespace (the `a-socket:recovery` onion's enter): when its
 * upgrade URL carries a session token, an epoch and an offset, the session is taken (single use), checked
 * against the namespace and the identity the passport onion just verified, and the missed entries are read
 * from the store. On success the connection gets its old id and rooms back and the replay waits for its
 * acceptance (`ServiceSocketHistory.ready`). Any refusal leaves a fresh connection (new id, no rooms), counted
 * by reason; a client's bad input never closes the connection.
 */
@Service()
export class ServiceSocketRecovery extends BeanBase<ISocketConfig> {
  constructor(
    @inject(BeanSocket) private readonly registry: BeanSocket,
    @inject(ServiceSocketHistory) private readonly history: ServiceSocketHistory,
    @inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {
    super();
  }

  async recover(ws: ISocketWebSocket): Promise<void> {
    const query = ws.ctx.query;
    const token = query[RECOVERY_QUERY_KEYS.session];
    const epoch = query[RECOVERY_QUERY_KEYS.epoch];
    const offsetText = query[RECOVERY_QUERY_KEYS.offset];
    if (token === undefined && epoch === undefined && offsetText === undefined) return;
    const { history: store, sessions } = this.app.plugins;
    if (store === undefined || sessions === undefined) return;
    if (!isSessionToken(token)) return this.refuse(ws, 'token');
    const offset = parseOffset(offsetText);
    if (!isEpoch(epoch) || offset === undefined) return this.refuse(ws, 'offset');
    const taken = await this.take(ws, sessions, token);
    if (taken === 'unavailable') return this.refuse(ws, 'unavailable');
    if (taken === undefined) return this.refuse(ws, 'token');
    if (taken.namespace !== ws.namespace) return this.refuse(ws, 'namespace');
    if (taken.userKey !== sessionUserKey(ws.ctx.user)) return this.refuse(ws, 'user');
    if (!(await this.idFree(ws, taken.id))) return this.refuse(ws, 'id-in-use');
    // Collecting before reading: whatever the reader delivers from now on is either in the range or collected.
    this.history.startRecovering(ws);
    let range: HistoryRange;
    try {
      range = await store.range(ws.namespace, epoch, offsetText as string);
    } catch (error) {
      range = { ok: false, reason: 'unavailable', message: 'the history store could not be read', cause: error };
    }
    if (!range.ok) {
      this.history.stopRecovering(ws);
      this.logger.debug(`recovery of ${taken.id} on ${ws.namespace} refused: ${range.message}`);
      return this.refuse(ws, range.reason);
    }
    if (!(await this.idFree(ws, taken.id)) || !this.registry.rename(ws, taken.id)) {
      this.history.stopRecovering(ws);
      return this.refuse(ws, 'id-in-use');
    }
    const rooms = new Set(taken.rooms);
    for (const room of rooms) this.registry.join(ws, room);
    const state = ensureHistoryConnection(ws);
    state.recovery = {
      epoch,
      offset,
      replay: range.entries.filter(entry => entryIsFor(entry, taken.id, rooms)),
      rooms,
    };
    state.taken = { token, record: taken };
  }

  /**
   * Whether `id` can be given to `ws`. The old connection with that id may still be finishing here: it saved the
   * session in its exit chain and leaves the registry right after, so the reconnect can be faster than that;
   * it is waited for, but only half of `timeout.enter` (an exit onion after the save that never returns would
   * otherwise hold the recovery until its own deadline closes it): past that, refused, so the client still gets
   * a fresh connection in time. An open connection with the id is another matter: refused at once.
   */
  private async idFree(ws: ISocketWebSocket, id: string): Promise<boolean> {
    const enterMs = this.scope.config.timeout.enter;
    const waitMs = enterMs > 0 ? enterMs / 2 : Number.POSITIVE_INFINITY;
    for (;;) {
      const holder = this.registry.get(id);
      if (holder === undefined || holder === ws) return true;
      if (holder.readyState === holder.OPEN) return false;
      const finished = connectionRunOf(holder)?.finished;
      if (finished === undefined) return false;
      if (!(await settlesWithin(finished, waitMs))) {
        this.logger.warn(
          `recovery of ${id} on ${ws.namespace} refused: the connection that held the id has not finished its ` +
            `exit chain within ${waitMs} ms (half of timeout.enter)`,
        );
        return false;
      }
    }
  }

  private async take(
    ws: ISocketWebSocket,
    sessions: ISessionStore,
    token: string,
  ): Promise<ISessionRecord | undefined | 'unavailable'> {
    for (let attempt = 0; ; attempt++) {
      let failure: { error: unknown } | undefined;
      try {
        const record = await sessions.take(token);
        if (record !== undefined) return record;
      } catch (error) {
        // A store still connecting (or briefly unreachable) is asked again like an unknown token.
        failure = { error };
      }
      const delay = TAKE_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || ws.readyState !== ws.OPEN) {
        if (failure === undefined) return undefined;
        this.logger.warn(`session store unavailable for a recovery on ${ws.namespace}`, failure.error);
        return 'unavailable';
      }
      await sleep(delay);
    }
  }

  private refuse(ws: ISocketWebSocket, reason: RecoveryRefusal): void {
    this.metrics.recovery('refused', reason);
    this.logger.debug(`connection ${ws.id} on ${ws.namespace}: recovery refused (${reason}), fresh connection`);
  }
}
