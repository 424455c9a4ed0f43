import { eventNameOfWire, eventWireName } from './systemEvents.js';

/**
 * One frame as the codec reads it: `[eventName, data]` for an event frame, `[eventName, data, offset]` for an
 * event of a history namespace (its place in the namespace's stream, a decimal string), `[undefined, frame]`
 * (the frame as it came) for anything else.
 */
export type EventFrameData = [eventName: string | undefined, data: unknown, offset?: string];

/** What a third element must look like to be an offset: 1 to 20 decimal digits (the server writes at most 16). */
const WIRE_OFFSET = /^[0-9]{1,20}$/;

/**
 * `<prefix>["<wire name>",<data>]`, or `<prefix>["<wire name>",<data>,"<offset>"]` for an event of a history
 * namespace: one text frame, system events as their short codes. Vona's client reads the first two elements
 * and ignores the offset. Throws (TypeError) for data JSON cannot carry, e.g. a cycle or a BigInt, so the
 * caller hears of it at the call.
 */
export function encodeEventFrame(prefix: string, eventName: string, data: unknown, offset?: string): string {
  const body = JSON.stringify([eventWireName(eventName), data ?? null]);
  if (offset === undefined) return `${prefix}${body}`;
  // The offset is appended to the serialised pair, not serialised with it: one JSON.stringify per event.
  return `${prefix}${body.slice(0, -1)},"${offset}"]`;
}

/**
 * Parses one inbound frame, on the server and in the client alike. A text frame `<prefix>["name"]`,
 * `<prefix>["name",data]` or `<prefix>["name",data,"<offset>"]` becomes `[eventName, data]` (plus the offset
 * when there is one) with short codes mapped back to names; anything else (no prefix, bad JSON, not an array
 * of one to three elements whose first is a string, a third element that is not a string of 1–20 decimal
 * digits, binary) becomes `[undefined, frame]`: it is not an event, and whoever reads it next may still handle
 * it. Never throws.
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
  if (parsed.length < 3) return [eventNameOfWire(parsed[0]), parsed[1]];
  const offset: unknown = parsed[2];
  if (typeof offset !== 'string' || !WIRE_OFFSET.test(offset)) return [undefined, frame];
  return [eventNameOfWire(parsed[0]), parsed[1], offset];
}
