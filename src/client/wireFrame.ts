import { encodeEventFrame, parseEventFrame } from '../protocol/eventFrame.js';

/** A decoded incoming frame: an event (system names already mapped back from short codes) or anything else. */
export type DecodedFrame =
  { kind: 'event'; eventName: string; data: unknown; offset?: string } | { kind: 'fallback'; raw: unknown };

/**
 * `prefix + JSON.stringify([name, data])`, system names as short codes (the protocol's one encoder).
 * Throws (TypeError) for data JSON cannot carry, e.g. a cycle or a BigInt: callers encode at call time so the
 * error reaches the caller, not a later flush.
 */
export const encodeFrame: (prefix: string, eventName: string, data: unknown) => string = encodeEventFrame;

/**
 * The protocol's one parser, shaped for the client. Never throws: a binary frame, a frame without the prefix,
 * JSON that does not parse, or JSON that is not `[string]`, `[string, data]` or `[string, data, "<offset>"]` comes back as `fallback` with
 * the raw message, for the application to look at. An event of a history namespace carries its `offset`.
 */
export function decodeFrame(prefix: string, raw: unknown): DecodedFrame {
  const [eventName, data, offset] = parseEventFrame(prefix, raw);
  if (eventName === undefined) return { kind: 'fallback', raw };
  return offset === undefined ? { kind: 'event', eventName, data } : { kind: 'event', eventName, data, offset };
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
