import { BeanBase } from '../core/beanBase.js';
import { Bean } from '../core/decorators.js';
import { RoomIndex } from '../lib/roomIndex.js';
import { type ISocketWebSocket } from '../types/socket.js';

const NO_CLIENTS: ReadonlySet<ISocketWebSocket> = new Set();

/**
 * The client registry of this process. A connection is known by id from its arrival until its exit chain
 * finished (so `appClose` reaches it and frames sent to it while it enters are held for it), but counts in
 * its namespace and its rooms, which broadcasts reach, only once it is accepted (at its sysReady): nothing
 * reaches a connection that is still entering, or that is refused. Rooms it joins while entering are joined
 * when it is accepted.
 */
@Bean()
export class BeanSocket extends BeanBase {
  private readonly clients = new Map<string, ISocketWebSocket>();
  private readonly namespaces = new Map<string, Set<ISocketWebSocket>>();
  private readonly rooms = new RoomIndex<ISocketWebSocket>();
  /** Rooms joined by connections not accepted yet; a connection has an entry only while it has such rooms. */
  private readonly roomsWhileEntering = new Map<ISocketWebSocket, Set<string>>();
  private acceptedCount = 0;
  /** Connections ever accepted, and accepted ones that left: the connection counters of the metrics. */
  added = 0;
  removed = 0;

  /** A connection arrives: known by id from now on, not yet reached by broadcasts. */
  add(ws: ISocketWebSocket): void {
    this.clients.set(ws.id, ws);
  }

  /**
   * Gives a connection that is still entering another id (a recovered connection gets its old one back). False
   * when it is not registered, already accepted, or `id` belongs to another registered connection.
   */
  rename(ws: ISocketWebSocket, id: string): boolean {
    if (this.clients.get(ws.id) !== ws || this.isAccepted(ws)) return false;
    if (id === ws.id) return true;
    if (this.clients.has(id)) return false;
    this.clients.delete(ws.id);
    this.clients.set(id, ws);
    ws.id = id;
    ws.ctx.id = id;
    return true;
  }

  /** A registered connection passed its enter chain: from now on it is in its namespace and its rooms. */
  accept(ws: ISocketWebSocket): void {
    if (this.clients.get(ws.id) !== ws) return;
    let members = this.namespaces.get(ws.namespace);
    if (!members) {
      members = new Set();
      this.namespaces.set(ws.namespace, members);
    }
    if (members.has(ws)) return;
    members.add(ws);
    this.acceptedCount++;
    this.added++;
    const rooms = this.roomsWhileEntering.get(ws);
    if (rooms === undefined) return;
    this.roomsWhileEntering.delete(ws);
    for (const room of rooms) this.rooms.join(ws.namespace, room, ws);
  }

  /** Idempotent: true when the client was registered. Leaving the registry leaves every room too. */
  remove(ws: ISocketWebSocket): boolean {
    if (this.clients.get(ws.id) !== ws) return false;
    this.clients.delete(ws.id);
    this.roomsWhileEntering.delete(ws);
    this.rooms.leaveAll(ws);
    const members = this.namespaces.get(ws.namespace);
    if (members?.delete(ws)) {
      this.acceptedCount--;
      this.removed++;
      if (members.size === 0) this.namespaces.delete(ws.namespace);
    }
    return true;
  }

  /** A connection by id, accepted or still entering. */
  get(id: string): ISocketWebSocket | undefined {
    return this.clients.get(id);
  }

  /** Whether a connection passed its enter chain and is still registered. */
  isAccepted(ws: ISocketWebSocket): boolean {
    return this.namespaces.get(ws.namespace)?.has(ws) ?? false;
  }

  /** The accepted connections of a namespace: what a broadcast reaches. */
  namespaceClients(namespace: string): ReadonlySet<ISocketWebSocket> {
    return this.namespaces.get(namespace) ?? NO_CLIENTS;
  }

  /**
   * Puts a registered client in a room of its namespace (one still entering: once it is accepted); false when
   * it is not registered or already there.
   */
  join(ws: ISocketWebSocket, room: string): boolean {
    if (this.clients.get(ws.id) !== ws) return false;
    if (this.isAccepted(ws)) return this.rooms.join(ws.namespace, room, ws);
    let rooms = this.roomsWhileEntering.get(ws);
    if (!rooms) {
      rooms = new Set();
      this.roomsWhileEntering.set(ws, rooms);
    }
    if (rooms.has(room)) return false;
    rooms.add(room);
    return true;
  }

  leave(ws: ISocketWebSocket, room: string): boolean {
    const rooms = this.roomsWhileEntering.get(ws);
    if (rooms === undefined) return this.rooms.leave(ws.namespace, room, ws);
    const left = rooms.delete(room);
    if (rooms.size === 0) this.roomsWhileEntering.delete(ws);
    return left;
  }

  /** The accepted connections in a room: what a room broadcast reaches. */
  roomClients(namespace: string, room: string): ReadonlySet<ISocketWebSocket> {
    return this.rooms.members(namespace, room);
  }

  /** The rooms a connection is in, or will be in once accepted. */
  roomsOf(ws: ISocketWebSocket): ReadonlySet<string> {
    return this.roomsWhileEntering.get(ws) ?? this.rooms.roomsOf(ws);
  }

  /** Every registered connection, accepted or not: what `appClose` closes and waits for. */
  all(): IterableIterator<ISocketWebSocket> {
    return this.clients.values();
  }

  /** Accepted connections: what metrics and `GET /api/socket/stats` count. */
  get size(): number {
    return this.acceptedCount;
  }

  /** Every registered connection, accepted or not (entering, or refused and not finished yet). */
  get total(): number {
    return this.clients.size;
  }

  /** Accepted connections per namespace. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [namespace, members] of this.namespaces) counts[namespace] = members.size;
    return counts;
  }
}
