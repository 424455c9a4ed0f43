const NO_MEMBERS: ReadonlySet<never> = new Set();

/**
 * Rooms within namespaces: which members are in a room, and which rooms a member is in, so that a
 * member leaving everything (a closed connection) costs one pass over its own rooms.
 */
export class RoomIndex<TMember> {
  private readonly rooms = new Map<string, Map<string, Set<TMember>>>();
  private readonly roomsOfMember = new Map<TMember, { namespace: string; rooms: Set<string> }>();

  /** True when the member was not in the room yet. */
  join(namespace: string, room: string, member: TMember): boolean {
    let byRoom = this.rooms.get(namespace);
    if (!byRoom) {
      byRoom = new Map();
      this.rooms.set(namespace, byRoom);
    }
    let members = byRoom.get(room);
    if (!members) {
      members = new Set();
      byRoom.set(room, members);
    }
    if (members.has(member)) return false;
    members.add(member);
    let own = this.roomsOfMember.get(member);
    if (!own) {
      own = { namespace, rooms: new Set() };
      this.roomsOfMember.set(member, own);
    }
    own.rooms.add(room);
    return true;
  }

  /** True when the member was in the room. */
  leave(namespace: string, room: string, member: TMember): boolean {
    const members = this.rooms.get(namespace)?.get(room);
    if (!members?.delete(member)) return false;
    if (members.size === 0) this.dropRoom(namespace, room);
    const own = this.roomsOfMember.get(member);
    own?.rooms.delete(room);
    if (own?.rooms.size === 0) this.roomsOfMember.delete(member);
    return true;
  }

  leaveAll(member: TMember): void {
    const own = this.roomsOfMember.get(member);
    if (!own) return;
    for (const room of [...own.rooms]) this.leave(own.namespace, room, member);
  }

  members(namespace: string, room: string): ReadonlySet<TMember> {
    return this.rooms.get(namespace)?.get(room) ?? NO_MEMBERS;
  }

  roomsOf(member: TMember): ReadonlySet<string> {
    return this.roomsOfMember.get(member)?.rooms ?? NO_MEMBERS;
  }

  /** Rooms with at least one member in a namespace. */
  roomNames(namespace: string): string[] {
    return [...(this.rooms.get(namespace)?.keys() ?? [])];
  }

  private dropRoom(namespace: string, room: string): void {
    const byRoom = this.rooms.get(namespace);
    byRoom?.delete(room);
    if (byRoom?.size === 0) this.rooms.delete(namespace);
  }
}
