import { eventNameOfWire, eventWireName } from './systemEvents.js';

/**
 * One frame as the codec reads it: `[eventName, data]` for an event frame (plus its `offset` when it is an
 * event of a history namespace), `[undefined, frame]` (the frame as it came) for anything else.
 */
export type EventFrameData = [eventName: string | undefined, data: unknown, offset?: string];

/** An offset on the wire: a decimal string of 1 to 20 digits (docs/protocol.md). */
const WIRE_OFFSET = /^[0-9]{1,20}$/;

/**
 * `<prefix>["<wire name>",<data>]`, or `<prefix>["<wire name>",<data>,"<offset>"]` for an event of a history
 * namespace: one text frame, system events as their short codes. Throws (TypeError) for data JSON cannot carry,
 * e.g. a cycle or a BigInt, so the caller hears of it at the call.
 */
export function encodeEventFrame(prefix: string, eventName: string, data: unknown, offset?: string): string {
  const wireName = eventWireName(eventName);
  return offset === undefined
    ? `${prefix}${JSON.stringify([wireName, data ?? null])}`
    : `${prefix}${JSON.stringify([wireName, data ?? null, offset])}`;
}

/**
 * Parses one inbound frame, on the server and in the client alike. A text frame `<prefix>["name"]`,
 * `<prefix>["name",data]` or `<prefix>["name",data,"<offset>"]` becomes `[eventName, data]` (plus the offset)
 * with short codes mapped back to names; anything else (no prefix, bad JSON, not an array of one to three
 * elements whose first is a string, a third element that is not a string of 1–20 decimal digits, binary)
 * becomes `[undefined, frame]`: it is not an event, and whoever reads it next may still handle it. Never throws.
 */
export function parseEventFrame(prefix: string, frame: unknown): EventFrameData {
  if (typeof frame !== 'string' || !frame.startsWith(prefix)) return [undefined, frame];
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.slice(prefix.length));
  } catch {
    return [undefined, frame];
  }
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 3 || typeof parsed[0] !== 'string') {
    return [undefined, frame];
  }
  if (parsed.length === 3) {
    const offset: unknown = parsed[2];
    if (typeof offset !== 'string' || !WIRE_OFFSET.test(offset)) return [undefined, frame];
    return [eventNameOfWire(parsed[0]), parsed[1], offset];
  }
  return [eventNameOfWire(parsed[0]), parsed[1]];
}
