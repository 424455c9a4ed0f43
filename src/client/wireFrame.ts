import { SYSTEM_EVENT_CODES, type SystemEventName } from '../types/socketEvent.js';

/** A decoded incoming frame: an event (system names already mapped back from short codes) or anything else. */
export type DecodedFrame = { kind: 'event'; eventName: string; data: unknown } | { kind: 'fallback'; raw: unknown };

const NAME_BY_CODE: ReadonlyMap<string, SystemEventName> = new Map(
  (Object.keys(SYSTEM_EVENT_CODES) as SystemEventName[]).map(name => [SYSTEM_EVENT_CODES[name], name]),
);

function toWireName(eventName: string): string {
  return Object.hasOwn(SYSTEM_EVENT_CODES, eventName) ? SYSTEM_EVENT_CODES[eventName as SystemEventName] : eventName;
}

function fromWireName(wireName: string): string {
  return NAME_BY_CODE.get(wireName) ?? wireName;
}

/**
 * `prefix + JSON.stringify([name, data])`, system names as short codes.
 * Throws (TypeError) for data JSON cannot carry, e.g. a cycle or a BigInt: callers encode at call time so the
 * error reaches the caller, not a later flush.
 */
export function encodeFrame(prefix: string, eventName: string, data: unknown): string {
  return prefix + JSON.stringify([toWireName(eventName), data]);
}

/**
 * Never throws: a binary frame, a frame without the prefix, JSON that does not parse, or JSON that is not
 * `[string, data]` comes back as `fallback` with the raw message, for the application to look at.
 */
export function decodeFrame(prefix: string, raw: unknown): DecodedFrame {
  if (typeof raw !== 'string' || !raw.startsWith(prefix)) return { kind: 'fallback', raw };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.slice(prefix.length));
  } catch {
    return { kind: 'fallback', raw };
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return { kind: 'fallback', raw };
  return { kind: 'event', eventName: fromWireName(parsed[0]), data: parsed[1] };
}

/**
 * The connection id a sysReady payload carries: its `id`, or `''` for Vona's bare sysReady (`null`); undefined
 * for any other payload, which is not a sysReady the client can trust.
 */
export function readyIdOf(data: unknown): string | undefined {
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object' || Array.isArray(data)) return undefined;
  const id = (data as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** The `count` of a `sysEventsSkipped` payload, or undefined when it is not a non-negative integer. */
export function skippedCountOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const count = (data as { count?: unknown }).count;
  return Number.isSafeInteger(count) && (count as number) >= 0 ? (count as number) : undefined;
}
