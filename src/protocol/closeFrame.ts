/**
 * What a close frame may carry (RFC 6455 §5.5.1, §7.4). `ws` throws on anything else, so every close
 * a-socket makes passes these rules first. No Node imports: the client SDK uses them too.
 */

/** A close frame's payload is at most 125 bytes: a 2-byte code and up to 123 bytes of UTF-8 reason. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Whether an endpoint may send `code`: 1000–1014 except 1004 (reserved), 1005 and 1006 (reported locally,
 * never sent), and 3000–4999. The same rule as `ws`'s `isValidStatusCode`, plus whole numbers only.
 */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

/** UTF-8 bytes of one UTF-16 code unit; a lone surrogate is written as U+FFFD, 3 bytes. */
function unitBytes(unit: number): number {
  return unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The UTF-8 length of `text` as `ws` (and `TextEncoder`) would write it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else {
      bytes += unitBytes(unit);
    }
  }
  return bytes;
}

/**
 * `reason` cut to at most `MAX_CLOSE_REASON_BYTES` UTF-8 bytes, at a character boundary: a multi-byte
 * character or a surrogate pair is kept whole or left out, never split.
 */
export function clipCloseReason(reason: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: a short reason fits without counting.
  if (reason.length * 3 <= MAX_CLOSE_REASON_BYTES) return reason;
  let bytes = 0;
  for (let i = 0; i < reason.length; i++) {
    const unit = reason.charCodeAt(i);
    const pair = isHighSurrogate(unit) && isLowSurrogate(reason.charCodeAt(i + 1));
    const size = pair ? 4 : unitBytes(unit);
    if (bytes + size > MAX_CLOSE_REASON_BYTES) return reason.slice(0, i);
    bytes += size;
    if (pair) i++;
  }
  return reason;
}
