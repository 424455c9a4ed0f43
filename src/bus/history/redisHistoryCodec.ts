import { type IHistoryEntry, type IHistoryEvent } from './history.js';
import { isEpoch, parseOffset } from '../../protocol/historyPosition.js';
import { type StreamEntryReply } from './redisHistoryScripts.js';

/**
 * The JSON stored in a stream entry's `d` field. Short keys: every entry is stored once and read
 * by every process. `w`/`c` name the appending store and its counter, so that the appender can
 * recognise its own entry when it reads it (see RedisHistoryWriter's resend rule).
 */
interface IStoredEvent {
  k: 'broadcast' | 'send';
  n: string;
  d?: unknown;
  o?: IHistoryEvent['options'];
  i?: string;
  t: number;
  w: string;
  c: number;
}

export type DecodedEntry =
  { ok: true; entry: IHistoryEntry; base: string; writer: string; counter: number } | { ok: false; reason: string };

/** Serialises an event for XADD; throws the JSON error for data that is not JSON. */
export function encodeHistoryEvent(event: IHistoryEvent, time: number, writer: string, counter: number): string {
  const stored: IStoredEvent = { k: event.kind, n: event.eventName, d: event.data, t: time, w: writer, c: counter };
  if (event.options !== undefined) stored.o = event.options;
  if (event.kind === 'send') stored.i = event.id;
  const payload = JSON.stringify(stored);
  // JSON.stringify answers undefined instead of throwing for a top-level function or symbol.
  if (typeof payload !== 'string') throw new TypeError('the event does not serialise to JSON');
  return payload;
}

/**
 * Reads an entry of `namespace`'s stream. Anything in the key may be foreign (a hand-typed XADD,
 * another release during a rolling deploy), so this never throws: it says why an entry is unusable
 * and the reader skips it.
 */
export function decodeHistoryEntry(namespace: string, [id, fields]: StreamEntryReply): DecodedEntry {
  const dash = id.indexOf('-');
  const base = id.slice(0, dash);
  const offset = id.slice(dash + 1);
  if (dash < 1 || parseOffset(offset) === undefined) return { ok: false, reason: `id ${id} is not <base>-<offset>` };
  let epoch: unknown;
  let payload: unknown;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === 'e') epoch = fields[index + 1];
    else if (fields[index] === 'd') payload = fields[index + 1];
  }
  if (!isEpoch(epoch)) return { ok: false, reason: `entry ${id} has no epoch field` };
  let stored: Partial<IStoredEvent>;
  try {
    stored = JSON.parse(typeof payload === 'string' ? payload : '') as Partial<IStoredEvent>;
  } catch (error) {
    return { ok: false, reason: `entry ${id}'s data is not JSON (${(error as Error).message})` };
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return { ok: false, reason: `entry ${id}'s data is not a JSON object` };
  }
  const { k, n, d, o, i, t, w, c } = stored;
  if (typeof n !== 'string' || typeof t !== 'number' || typeof w !== 'string' || typeof c !== 'number') {
    return { ok: false, reason: `entry ${id} lacks eventName, time, writer or counter` };
  }
  if (o !== undefined && (typeof o !== 'object' || o === null || Array.isArray(o))) {
    return { ok: false, reason: `entry ${id}'s options are not an object` };
  }
  const position = { namespace, epoch, offset, time: t };
  if (k === 'broadcast') {
    return {
      ok: true,
      base,
      writer: w,
      counter: c,
      entry: withOptions({ kind: k, eventName: n, data: d, ...position }, o),
    };
  }
  if (k === 'send' && typeof i === 'string') {
    const entry = withOptions({ kind: k, id: i, eventName: n, data: d, ...position }, o);
    return { ok: true, base, writer: w, counter: c, entry };
  }
  return { ok: false, reason: `entry ${id} is neither a broadcast nor a send with a connection id` };
}

function withOptions(entry: IHistoryEntry, options: IHistoryEvent['options']): IHistoryEntry {
  if (options !== undefined) entry.options = options;
  return entry;
}
