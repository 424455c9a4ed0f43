import { inject } from 'inversify';
import { BeanSocket } from '../bean/bean.socket.js';
import { type IHistoryEntry, type IHistoryListener } from '../bus/history/history.js';
import { type ISessionRecord } from '../bus/history/sessionStore.js';
import { createSessionToken } from '../bus/history/sessionToken.js';
import { BeanBase } from '../core/beanBase.js';
import { Service } from '../core/decorators.js';
import { ThrottledLog } from '../core/throttledLog.js';
import { textFrame } from '../lib/frameWriter.js';
import { sessionUserKey } from '../lib/sessionUserKey.js';
import { ServiceMetrics } from './metrics.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  acceptanceBacklog,
  ensureHistoryConnection,
  historyConnectionOf,
  type IHistoryConnection,
} from './historyConnection.js';
import { ServiceSocketClose } from './socketClose.js';
import { ServiceSocketEvent } from './socketEvent.js';

/**
 * A recovered connection that closes within this many ms of its sysReady is saved under the token it recovered
 * with as well as under the new one: a client dropped again right after it was accepted may not have read the
 * sysReady with the new token, and comes back with the old one. Later, only the new token recovers it.
 */
export const RECOVERED_WITH_GRACE_MS = 10_000;

/**
 * Delivery of history namespaces. The store's reader hands every entry of every history namespace to `entry`,
 * once, in stream order, this process's own appends included: broadcasts go to the accepted connections of the
 * namespace (room, exclude), sends to the connection with that id if it is here. Each entry is framed once, with
 * its offset, and no connection is sent an offset at or below the last it got (`lastOffset`).
 *
 * It also owns what happens at acceptance (replay, then sysReady with the stream position and a session token)
 * and at exit (the session saved for the next recovery), and closes a namespace's connections with 1013 when
 * this process's reader lost entries, so that they recover elsewhere or are told they cannot.
 */
@Service()
export class ServiceSocketHistory extends BeanBase<ISocketConfig> {
  /** Connections that are recovering, by namespace: broadcasts that arrive meanwhile are collected for them. */
  private readonly recovering = new Map<string, Set<ISocketWebSocket>>();
  private throttled?: ThrottledLog;

  /** What the store delivers to (`IHistoryStore.subscribe`). */
  readonly listener: IHistoryListener = {
    entry: entry => this.entry(entry),
    epochChanged: change =>
      this.lost(change.namespace, 'epoch', `the stream was recreated (epoch ${change.previous} -> ${change.epoch})`),
    gap: gap =>
      this.lost(gap.namespace, 'gap', `this process's reader missed entries ${gap.fromOffset}-${gap.toOffset}`),
  };

  constructor(
    @inject(BeanSocket) private readonly registry: BeanSocket,
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
    @inject(ServiceSocketClose) private readonly socketClose: ServiceSocketClose,
    @inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {
    super();
  }

  private get log(): ThrottledLog {
    return (this.throttled ??= new ThrottledLog(this.logger, 10_000));
  }

  /** Starts reading every history namespace (appReady); nothing when the app has none. */
  async subscribe(): Promise<void> {
    const store = this.app.plugins.history;
    if (store === undefined) return;
    await store.subscribe(Object.fromEntries(this.app.historyNamespaces), this.listener);
  }

  /** Closes the stores (appClose, after every connection's exit chain saved its session). */
  async close(): Promise<void> {
    const { history, sessions } = this.app.plugins;
    try {
      await history?.close();
    } finally {
      await sessions?.close();
    }
  }

  private entry(entry: IHistoryEntry): void {
    const namespace = entry.namespace;
    this.metrics.historyDelivered(namespace, (Date.now() - entry.time) / 1000);
    const offset = Number(entry.offset);
    const exclude = entry.options?.exclude;
    let payload: string | undefined;
    let frame: Buffer | undefined;
    const write = (ws: ISocketWebSocket, state: IHistoryConnection): void => {
      if (frame === undefined) {
        payload = this.encode(entry);
        if (payload === undefined) return;
        frame = textFrame(payload);
      }
      if (this.socketEvent.writeEntry(ws, frame, payload as string)) state.lastOffset = offset;
    };
    if (entry.kind === 'broadcast') {
      const room = entry.options?.room;
      const clients =
        room === undefined ? this.registry.namespaceClients(namespace) : this.registry.roomClients(namespace, room);
      for (const ws of clients) {
        if (ws.id === exclude) continue;
        const state = historyConnectionOf(ws);
        if (state !== undefined && offset > state.lastOffset) write(ws, state);
      }
    } else {
      const ws = this.registry.get(entry.id);
      if (ws !== undefined && ws.namespace === namespace && exclude !== entry.id) {
        if (this.registry.isAccepted(ws)) {
          const state = historyConnectionOf(ws);
          if (state !== undefined && offset > state.lastOffset) write(ws, state);
        } else {
          // Still entering: it gets the entry at acceptance (its sysReady tells where it stands).
          (ensureHistoryConnection(ws).collected ??= []).push(entry);
        }
      }
    }
    const recovering = this.recovering.get(namespace);
    if (recovering !== undefined) {
      for (const ws of recovering) (ensureHistoryConnection(ws).collected ??= []).push(entry);
    }
  }

  private encode(entry: IHistoryEntry): string | undefined {
    try {
      return this.socketEvent.encodeEntryFrame(entry.eventName, entry.data, entry.offset);
    } catch (error) {
      this.log.error(
        'encode',
        `event "${entry.eventName}" at ${entry.namespace} ${entry.offset} cannot be serialised: not delivered`,
        error,
      );
      return undefined;
    }
  }

  /** A recovering connection collects the namespace's entries until it is accepted (or gives up). */
  startRecovering(ws: ISocketWebSocket): void {
    let set = this.recovering.get(ws.namespace);
    if (set === undefined) {
      set = new Set();
      this.recovering.set(ws.namespace, set);
    }
    set.add(ws);
  }

  stopRecovering(ws: ISocketWebSocket): void {
    const set = this.recovering.get(ws.namespace);
    if (set?.delete(ws) === true && set.size === 0) this.recovering.delete(ws.namespace);
  }

  /**
   * Sends sysReady to a connection just accepted. In a history namespace: a recovered connection is first
   * written every missed event (the replay and what arrived while it entered, in offset order, each once), then
   * sysReady `{ recovered: true }`; a fresh one gets sysReady with this process's position, then what was sent
   * to its id while it entered. Everything here happens in the one synchronous step of acceptance.
   */
  ready(ws: ISocketWebSocket): void {
    const limits = this.app.historyNamespaces.get(ws.namespace);
    if (limits === undefined) {
      this.socketEvent.sendSystem(ws, 'sysReady', { id: ws.id });
      return;
    }
    const state = ensureHistoryConnection(ws);
    this.stopRecovering(ws);
    const recovery = state.recovery;
    const collected = state.collected ?? [];
    state.recovery = undefined;
    state.collected = undefined;
    if (recovery !== undefined && state.taken !== undefined) {
      state.recoveredWith = { token: state.taken.token, at: Date.now() };
    }
    state.taken = undefined;
    let epoch: string;
    let start: number;
    if (recovery !== undefined) {
      epoch = recovery.epoch;
      start = recovery.offset;
    } else {
      const position = this.app.plugins.history?.position(ws.namespace);
      // Unknown while the store was never reached: an empty epoch, which no recovery accepts.
      epoch = position?.epoch ?? '';
      start = position === undefined ? 0 : Number(position.offset);
    }
    const rooms = recovery === undefined ? undefined : this.registry.roomsOf(ws);
    const backlog = acceptanceBacklog(ws.id, epoch, recovery?.replay ?? [], collected, rooms);
    state.epoch = epoch;
    state.session = createSessionToken();
    if (recovery !== undefined) {
      let last = start;
      for (const { offset, entry } of backlog) {
        if (offset <= start) continue;
        const payload = this.encode(entry);
        if (payload !== undefined) this.socketEvent.writeEntry(ws, textFrame(payload), payload);
        last = offset;
        this.metrics.eventsReplayed++;
      }
      state.lastOffset = last;
      this.metrics.recovery('succeeded', 'none');
      this.socketEvent.sendSystem(ws, 'sysReady', {
        id: ws.id,
        recovered: true,
        epoch,
        offset: String(last),
        session: state.session,
      });
      return;
    }
    // Sends that reached it while it entered are older than this process's position: its sysReady reports the
    // position just before the first of them, so that the client takes them (and everything later) as new.
    const first = backlog[0];
    const readyOffset = first !== undefined ? Math.min(start, first.offset - 1) : start;
    state.lastOffset = start;
    this.socketEvent.sendSystem(ws, 'sysReady', {
      id: ws.id,
      recovered: false,
      epoch,
      offset: String(readyOffset),
      session: state.session,
    });
    for (const { offset, entry } of backlog) {
      const payload = this.encode(entry);
      if (payload !== undefined) this.socketEvent.writeEntry(ws, textFrame(payload), payload);
      if (offset > state.lastOffset) state.lastOffset = offset;
    }
  }

  /**
   * Saves a closing connection's session under the token of its sysReady, for its namespace's history ttl
   * (exit chain, awaited: appClose waits for it). A failure is logged: the client then recovers `false`.
   */
  async save(ws: ISocketWebSocket): Promise<void> {
    this.stopRecovering(ws);
    const state = historyConnectionOf(ws);
    const sessions = this.app.plugins.sessions;
    const limits = this.app.historyNamespaces.get(ws.namespace);
    if (state === undefined || sessions === undefined || limits === undefined) return;
    if (!this.registry.isAccepted(ws)) {
      // Recovered but never accepted (the client left again while entering, or a later onion refused it): the
      // session it took goes back under its token, so the client's next attempt can still recover.
      const taken = state.taken;
      state.taken = undefined;
      if (taken !== undefined) await this.keep(taken.token, taken.record, limits.ttlMs, ws);
      return;
    }
    if (state.session === undefined) return;
    const record = {
      id: ws.id,
      namespace: ws.namespace,
      userKey: sessionUserKey(ws.ctx.user),
      rooms: [...this.registry.roomsOf(ws)],
      epoch: state.epoch,
      offset: String(Math.max(0, state.lastOffset)),
    };
    const saves = [this.keep(state.session, record, limits.ttlMs, ws)];
    const previous = state.recoveredWith;
    if (previous !== undefined && Date.now() - previous.at < RECOVERED_WITH_GRACE_MS) {
      saves.push(this.keep(previous.token, record, limits.ttlMs, ws));
    }
    await Promise.all(saves);
  }

  private async keep(token: string, record: ISessionRecord, ttlMs: number, ws: ISocketWebSocket): Promise<void> {
    try {
      await this.app.plugins.sessions?.save(token, record, ttlMs);
    } catch (error) {
      this.log.error('save', `the session of ${ws.id} on ${ws.namespace} was not saved: it cannot recover`, error);
    }
  }

  /**
   * This process's reader lost entries of a namespace (a gap, or a new epoch): its connections may have missed
   * events they cannot be told about here. Each is closed with 1013 and recovers (elsewhere, or is told it cannot).
   */
  private lost(namespace: string, reason: 'gap' | 'epoch', what: string): void {
    let closed = 0;
    for (const ws of [...this.registry.all()]) {
      if (ws.namespace !== namespace || ws.readyState !== ws.OPEN) continue;
      this.socketClose.close(ws, SocketCloseCode.tryAgainLater, SocketCloseReason.historyGap);
      closed++;
    }
    this.metrics.historyClosed(reason, closed);
    this.logger.warn(`history of ${namespace}: ${what}; closed its ${closed} connection(s) here with 1013 to recover`);
  }
}
