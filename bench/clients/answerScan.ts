/**
 * Reading an RPC answer's id (and code) straight from the frame's bytes, without decoding it into a string and
 * parsing its JSON: the generator only needs to know which call was answered and whether it succeeded. Every
 * ws-based client does the same (as `httpClient` reads only the status line and `content-length`), so the
 * generator's cost per call is the frame's, not the JSON's, and the rates say more about the servers.
 */

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** The unsigned integer written at `offset`, and where it ends; `value` is -1 when no digit is there. */
export function readUint(frame: Buffer, offset: number): { value: number; end: number } {
  let value = 0;
  let end = offset;
  while (end < frame.length && frame[end] >= DIGIT_0 && frame[end] <= DIGIT_9) {
    value = value * 10 + frame[end] - DIGIT_0;
    end++;
  }
  return { value: end === offset ? -1 : value, end };
}

/** True when `frame` holds `expected` at `offset`. */
export function hasBytesAt(frame: Buffer, expected: Buffer, offset: number): boolean {
  return frame.length >= offset + expected.length && expected.compare(frame, offset, offset + expected.length) === 0;
}

/**
 * The JSON of a call's body, made once for as long as the generator sends the same body (it always does): the
 * request frame is then the id and this text put together.
 */
export function bodyJsonCache(): (body: unknown) => string {
  let lastBody: unknown = undefined;
  let lastJson = '';
  return body => {
    if (body !== lastBody || lastJson === '') {
      lastBody = body;
      lastJson = JSON.stringify(body) ?? 'null';
    }
    return lastJson;
  };
}
