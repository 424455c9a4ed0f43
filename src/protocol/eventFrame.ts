import { eventNameOfWire, eventWireName } from './systemEvents.js';

/**
 * One frame as the codec reads it: `[eventName, data]` for an event frame, `[undefined, frame]` (the frame as
 * it came) for anything else.
 */
export type EventFrameData = [eventName: string | undefined, data: unknown];

/**
 * `<prefix>["<wire name>",<data>]`: one text frame, system events as their short codes. Throws (TypeError)
 * for data JSON cannot carry, e.g. a cycle or a BigInt, so the caller hears of it at the call.
 */
export function encodeEventFrame(prefix: string, eventName: string, data: unknown): string {
  return `${prefix}${JSON.stringify([eventWireName(eventName), data ?? null])}`;
}

/**
 * Parses one inbound frame, on the server and in the client alike. A text frame `<prefix>["name"]` or
 * `<prefix>["name",data]` becomes `[eventName, data]` with short codes mapped back to names; anything else (no
 * prefix, bad JSON, not an array of one or two elements whose first is a string, binary) becomes
 * `[undefined, frame]`: it is not an event, and whoever reads it next may still handle it. Never throws.
 */
export function parseEventFrame(prefix: string, frame: unknown): EventFrameData {
  if (typeof frame !== 'string' || !frame.startsWith(prefix)) return [undefined, frame];
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.slice(prefix.length));
  } catch {
    return [undefined, frame];
  }
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2 || typeof parsed[0] !== 'string') {
    return [undefined, frame];
  }
  return [eventNameOfWire(parsed[0]), parsed[1]];
}
