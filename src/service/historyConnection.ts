import { type IHistoryEntry } from '../bus/history/history.js';
import { type ISessionRecord } from '../bus/history/sessionStore.js';
import { type ISocketWebSocket } from '../types/socket.js';

/** A recovery the connection's enter chain found possible: what to replay and whom it was. */
export interface IHistoryRecovery {
  epoch: string;
  /** The offset the client asked from. */
  offset: number;
  /** The missed entries meant for this connection, in order. */
  replay: IHistoryEntry[];
  /** The restored connection's rooms: what broadcasts that arrive while it still enters are matched against. */
  rooms: ReadonlySet<string>;
}

/**
 * What a connection of a history namespace keeps (absent on every other connection): the last offset it was
 * sent, so no entry reaches it twice, and the session token of its sysReady, under which it is saved on exit.
 */
export interface IHistoryConnection {
  /** Offset of the last entry written to it, or of its sysReady position; -1 until it is accepted. */
  lastOffset: number;
  epoch: string;
  /** Sent in its sysReady; its session is saved under it when it closes. Undefined until accepted. */
  session?: string;
  /**
   * Entries addressed to it that arrived while it entered: sends to its id, and while it recovers, broadcasts
   * too. Matched and merged with the replay at acceptance.
   */
  collected?: IHistoryEntry[];
  recovery?: IHistoryRecovery;
  /** The session a recovery took, kept until acceptance: put back if the connection is never accepted. */
  taken?: { token: string; record: ISessionRecord };
  /**
   * After a recovery: the token it recovered with and when its sysReady went out. Closed soon after, its session
   * is saved under that token too: the client may never have read the sysReady that carried the new one.
   */
  recoveredWith?: { token: string; at: number };
}

const kHistory = Symbol('a-socket:history');

interface IWithHistory {
  [kHistory]?: IHistoryConnection;
}

export function historyConnectionOf(ws: ISocketWebSocket): IHistoryConnection | undefined {
  return (ws as IWithHistory)[kHistory];
}

export function ensureHistoryConnection(ws: ISocketWebSocket): IHistoryConnection {
  const holder = ws as IWithHistory;
  return (holder[kHistory] ??= { lastOffset: -1, epoch: '' });
}

const NO_ROOMS: ReadonlySet<string> = new Set();

/** Whether an entry is meant for a connection with this id and these rooms (broadcast room filter, send id, exclude). */
export function entryIsFor(entry: IHistoryEntry, id: string, rooms: ReadonlySet<string>): boolean {
  if (entry.options?.exclude === id) return false;
  if (entry.kind === 'send') return entry.id === id;
  const room = entry.options?.room;
  return room === undefined || rooms.has(room);
}

/**
 * What a connection being accepted is written besides its sysReady, in offset order, each offset once: the replay
 * of its recovery, and the entries of `epoch` collected while it entered that are meant for it. `rooms` are a
 * recovered connection's rooms; undefined without a recovery, when only the sends to its id count. A function of
 * its own, out of `ServiceSocketHistory.ready()`: choosing what is owed needs no socket, and reads apart from writing it.
 */
export function acceptanceBacklog(
  id: string,
  epoch: string,
  replay: readonly IHistoryEntry[],
  collected: readonly IHistoryEntry[],
  rooms: ReadonlySet<string> | undefined,
): { offset: number; entry: IHistoryEntry }[] {
  const byOffset = new Map<number, IHistoryEntry>();
  for (const entry of replay) byOffset.set(Number(entry.offset), entry);
  for (const entry of collected) {
    if (entry.epoch !== epoch) continue;
    if (rooms === undefined ? entry.kind === 'send' && entryIsFor(entry, id, NO_ROOMS) : entryIsFor(entry, id, rooms)) {
      byOffset.set(Number(entry.offset), entry);
    }
  }
  return [...byOffset.keys()].sort((a, b) => a - b).map(offset => ({ offset, entry: byOffset.get(offset)! }));
}
