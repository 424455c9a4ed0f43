import { compareOffsets, isEpoch, parseOffset } from '../protocol/historyPosition.js';
import { RECOVERY_QUERY_KEYS } from '../protocol/recoveryQuery.js';

/**
 * What `onReady` handlers get besides the id. `recovered` is true only when the client asked to recover and the
 * server replayed every event it missed (they were delivered before this); false on a fresh connection and when
 * the server could not replay the gap: then events were missed, and the application should refetch its state.
 * `epoch` and `offset` are the namespace stream's position after which this connection gets every event; both
 * are absent for a namespace without history.
 */
export interface ReadyInfo {
  id: string;
  recovered: boolean;
  epoch?: string;
  offset?: string;
}

/** An event of a history namespace held until sysReady tells whether the recovery succeeded. */
interface HeldEvent {
  eventName: string;
  data: unknown;
  offset: string;
}

/** The wire allows leading zeros the server never writes: compare and keep such an offset as the number it writes. */
function normalOffset(offset: string): string {
  return offset.replace(/^0+(?=\d)/, '');
}

/** Whether `offset` (normal) comes after `last` (anything does when there is no last). */
function isAfter(offset: string, last: string | undefined): boolean {
  return last === undefined || compareOffsets(offset, last) > 0;
}

/** The parts of a sysReady payload recovery reads; anything malformed counts as absent. */
function readyFieldsOf(data: unknown): { recovered: boolean; epoch?: string; offset?: string; session?: string } {
  if (typeof data !== 'object' || data === null) return { recovered: false };
  const { recovered, epoch, offset, session } = data as Record<string, unknown>;
  const position = isEpoch(epoch) && parseOffset(offset) !== undefined;
  return {
    recovered: recovered === true,
    epoch: position ? (epoch as string) : undefined,
    offset: position ? (offset as string) : undefined,
    // The client never reads the token: it only hands it back. A non-string is as good as none.
    session: position && typeof session === 'string' && session !== '' ? session : undefined,
  };
}

/**
 * The client's side of delivery recovery, for one logical connection (from `connect()` to the client's stop):
 * where it stands in its namespace's stream (epoch, last offset seen) and the single-use session token of the
 * last sysReady. It adds the three query keys to each reconnect's URL, holds the events that a recovering
 * connection receives before its sysReady, and drops events it has already delivered (offset ≤ the last one,
 * e.g. a replay that overlaps what arrived live before the drop).
 */
export class DeliveryRecovery {
  private epoch: string | undefined;
  private offset: string | undefined;
  private session: string | undefined;
  /** The current socket was opened with the query keys: its early events wait for sysReady. */
  private asked = false;
  private held: HeldEvent[] = [];
  private wasRecovered = false;
  private overflowed = false;
  private droppedCount = 0;

  constructor(private readonly maxHeld: number) {}

  /** The last sysReady said `recovered: true`. */
  get recovered(): boolean {
    return this.wasRecovered;
  }

  /** Where the client stands in the stream: the epoch and the offset of the last event delivered (or sysReady's). */
  get position(): { epoch: string; offset: string } | undefined {
    return this.epoch !== undefined && this.offset !== undefined
      ? { epoch: this.epoch, offset: this.offset }
      : undefined;
  }

  /** Events not passed on because their offset was not after the last one delivered (duplicates), in total. */
  get duplicatesDropped(): number {
    return this.droppedCount;
  }

  /** A new logical connection (`connect()`): nothing of the previous one is offered. */
  reset(): void {
    this.epoch = this.offset = this.session = undefined;
    this.asked = false;
    this.overflowed = false;
    this.held = [];
    this.wasRecovered = false;
  }

  /**
   * The URL of the next socket: `url` itself for the first connect (`reconnect` false) or when there is nothing to
   * recover; else `url` with the session token, epoch and offset in its query. Remembers which it was.
   */
  urlFor(url: string, reconnect: boolean): string {
    this.held = [];
    this.overflowed = false;
    this.asked = reconnect && this.session !== undefined && this.position !== undefined;
    if (!this.asked) return url;
    const next = new URL(url);
    next.searchParams.set(RECOVERY_QUERY_KEYS.session, this.session!);
    next.searchParams.set(RECOVERY_QUERY_KEYS.epoch, this.epoch!);
    next.searchParams.set(RECOVERY_QUERY_KEYS.offset, this.offset!);
    return next.toString();
  }

  /**
   * An event that arrived before sysReady. True when it is held (a recovering connection's event with an offset
   * after the last one) or dropped as a duplicate; false when the caller should ignore it (and count it) as any
   * early frame.
   * Beyond `maxHeld` nothing more is held: the recovery is then treated as failed at sysReady.
   */
  holdBeforeReady(eventName: string, data: unknown, wireOffset: string | undefined): boolean {
    if (!this.asked || this.overflowed || wireOffset === undefined) return false;
    const offset = normalOffset(wireOffset);
    const last = this.held.length > 0 ? this.held[this.held.length - 1].offset : this.offset;
    if (!isAfter(offset, last)) {
      this.droppedCount++;
      return true;
    }
    if (this.held.length >= this.maxHeld) {
      // The replay cannot be delivered whole: what is held is dropped at sysReady, which then counts as failed.
      this.overflowed = true;
      return false;
    }
    this.held.push({ eventName, data, offset });
    return true;
  }

  /**
   * A sysReady: takes its position and token, and returns what to tell the application — the held events to
   * deliver (only when the server says it recovered this connection; otherwise they are dropped: `discarded`
   * says how many) and the ready info.
   */
  ready(id: string, data: unknown): { info: ReadyInfo; replay: HeldEvent[]; discarded: number } {
    const fields = readyFieldsOf(data);
    const held = this.held;
    this.held = [];
    // `recovered: true` from a server we did not ask, or after the held events overflowed, is not believed.
    const recovered = fields.recovered && this.asked && !this.overflowed && fields.epoch === this.epoch;
    this.asked = false;
    this.overflowed = false;
    this.wasRecovered = recovered;
    this.session = fields.session;
    let replay: HeldEvent[] = [];
    if (recovered) {
      replay = held;
      // The replay may run past sysReady's offset (live events that arrived meanwhile): keep the later one.
      const last = held.length > 0 ? held[held.length - 1].offset : this.offset!;
      this.offset = compareOffsets(last, fields.offset!) > 0 ? last : fields.offset;
    } else {
      this.epoch = fields.epoch;
      this.offset = fields.offset;
    }
    const info: ReadyInfo = { id, recovered };
    if (this.epoch !== undefined) {
      info.epoch = this.epoch;
      info.offset = this.offset;
    }
    return { info, replay, discarded: recovered ? 0 : held.length };
  }

  /**
   * A live event after sysReady: true to deliver it (and remember its offset), false for a duplicate. Events
   * without an offset, and all events of a connection without history, are always delivered.
   */
  accept(wireOffset: string | undefined): boolean {
    if (wireOffset === undefined || this.epoch === undefined) return true;
    const offset = normalOffset(wireOffset);
    if (!isAfter(offset, this.offset)) {
      this.droppedCount++;
      return false;
    }
    this.offset = offset;
    return true;
  }
}
