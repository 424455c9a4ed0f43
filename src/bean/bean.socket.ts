import { BeanBase } from '../lib/beanBase.js';
import { Bean } from '../lib/decorators.js';
import { RoomIndex } from '../lib/roomIndex.js';
import { type ISocketWebSocket } from '../types/socket.js';

const NO_CLIENTS: ReadonlySet<ISocketWebSocket> = new Set();

/** The client registry: every open connection of this process by id, by namespace and by room. */
@Bean()
export class BeanSocket extends BeanBase {
  private readonly clients = new Map<string, ISocketWebSocket>();
  private readonly namespaces = new Map<string, Set<ISocketWebSocket>>();
  private readonly rooms = new RoomIndex<ISocketWebSocket>();
  /** Clients ever added and removed: the connection counters of the metrics. */
  added = 0;
  removed = 0;

  add(ws: ISocketWebSocket): void {
    this.clients.set(ws.id, ws);
    this.added++;
    let members = this.namespaces.get(ws.namespace);
    if (!members) {
      members = new Set();
      this.namespaces.set(ws.namespace, members);
    }
    members.add(ws);
  }

  /** Idempotent: true when the client was registered. Leaving the registry leaves every room too. */
  remove(ws: ISocketWebSocket): boolean {
    if (this.clients.get(ws.id) !== ws) return false;
    this.clients.delete(ws.id);
    this.removed++;
    this.rooms.leaveAll(ws);
    const members = this.namespaces.get(ws.namespace);
    members?.delete(ws);
    if (members?.size === 0) this.namespaces.delete(ws.namespace);
    return true;
  }

  get(id: string): ISocketWebSocket | undefined {
    return this.clients.get(id);
  }

  namespaceClients(namespace: string): ReadonlySet<ISocketWebSocket> {
    return this.namespaces.get(namespace) ?? NO_CLIENTS;
  }

  /** Puts a registered client in a room of its namespace; false when it is not registered or already there. */
  join(ws: ISocketWebSocket, room: string): boolean {
    if (this.clients.get(ws.id) !== ws) return false;
    return this.rooms.join(ws.namespace, room, ws);
  }

  leave(ws: ISocketWebSocket, room: string): boolean {
    return this.rooms.leave(ws.namespace, room, ws);
  }

  roomClients(namespace: string, room: string): ReadonlySet<ISocketWebSocket> {
    return this.rooms.members(namespace, room);
  }

  roomsOf(ws: ISocketWebSocket): ReadonlySet<string> {
    return this.rooms.roomsOf(ws);
  }

  all(): IterableIterator<ISocketWebSocket> {
    return this.clients.values();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Open connections per namespace. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [namespace, members] of this.namespaces) counts[namespace] = members.size;
    return counts;
  }
}
