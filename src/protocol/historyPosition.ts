/**
 * Offsets and epochs as they travel. Offsets are consecutive integers per stream, written as
 * decimal strings (`"0"` before the first entry): consecutive, so a missing entry is visible from
 * the numbers alone whatever was trimmed; strings, so they never lose precision in JSON. An epoch is
 * a random id made when a stream is (re)created. No Node imports: the client can use this too.
 */

/** Offsets beyond this would lose precision as numbers; no stream appends 2^53 events. */
const OFFSET_PATTERN = /^(0|[1-9][0-9]{0,15})$/;
const EPOCH_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The offset of a stream with no entry yet. */
export const OFFSET_BEFORE_FIRST = '0';

/** The offset as a number, or undefined when it is not one this format ever writes (hostile or corrupt input). */
export function parseOffset(value: unknown): number | undefined {
  if (typeof value !== 'string' || !OFFSET_PATTERN.test(value)) return undefined;
  const offset = Number(value);
  return Number.isSafeInteger(offset) ? offset : undefined;
}

export function formatOffset(offset: number): string {
  return String(offset);
}

/** Negative when `a` comes before `b`; both must be valid offsets (see `parseOffset`). */
export function compareOffsets(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Whether `value` has the form of an epoch (it may still be unknown to the store). */
export function isEpoch(value: unknown): value is string {
  return typeof value === 'string' && EPOCH_PATTERN.test(value);
}

/** 72 random bits, base64url: two streams never share an epoch, so an old offset is never taken for a new one. */
export function createEpoch(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(9));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Makes epochs for stores that offer one with every append (used only if the stream must be
 * created): a random prefix per source and a counter, unique like `createEpoch` but without its
 * cost (getRandomValues takes about 6 µs on Node 20, per append).
 */
export function epochSource(): () => string {
  const prefix = createEpoch();
  let count = 0;
  return () => `${prefix}${(count++).toString(36)}`;
}
