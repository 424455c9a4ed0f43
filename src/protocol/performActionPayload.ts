import { isPlainObject } from '../core/util.js';
import { nestsDeeperThan } from './jsonDepth.js';

export type PerformActionMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** RPC request, client → server (`_b`). */
export interface IPerformActionPayload {
  i: number | string;
  m: PerformActionMethod;
  p: string;
  q?: Record<string, unknown>;
  b?: unknown;
  h?: Record<string, string>;
}

/** RPC answer, server → client (`_c`): `c` 0 with `d`, or the HTTP status of the failure with `m`. */
export type IPerformActionBackPayload =
  { i: number | string | null; c: 0; d: unknown } | { i: number | string | null; c: number; m: string };

/** A call that passed `validatePerformActionPayload`: what the action executor runs. */
export interface IPerformActionRequest {
  method: PerformActionMethod;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string>;
}

const METHODS = new Set<string>(['get', 'post', 'put', 'patch', 'delete']);
const MAX_ID_LENGTH = 64;
const MAX_PATH_LENGTH = 2048;
/** Deeper `q` or `b` values answer 400: re-serialising them for the executor would overflow the stack. */
export const MAX_PAYLOAD_DEPTH = 64;

export type PerformActionId = number | string | null;

export type PerformActionValidation =
  | { ok: true; id: number | string; request: IPerformActionRequest }
  | { ok: false; id: PerformActionId; message: string };

function validId(value: unknown): value is number | string {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Checks a `sysPerformAction` payload field by field; the message names the first bad field. */
export function validatePerformActionPayload(payload: unknown): PerformActionValidation {
  if (!isPlainObject(payload))
    return { ok: false, id: null, message: 'payload must be an object {i, m, p, q?, b?, h?}' };
  const { i, m, p, q, b, h } = payload;
  if (!validId(i))
    return { ok: false, id: null, message: `i must be a finite number or a string of 1–${MAX_ID_LENGTH} characters` };
  const fail = (message: string): PerformActionValidation => ({ ok: false, id: i, message });
  if (typeof m !== 'string' || !METHODS.has(m.toLowerCase()))
    return fail('m must be one of get, post, put, patch, delete');
  if (typeof p !== 'string' || !p.startsWith('/') || p.length > MAX_PATH_LENGTH) {
    return fail(`p must be a path starting with "/" of at most ${MAX_PATH_LENGTH} characters`);
  }
  if (q !== undefined && q !== null && !isPlainObject(q)) return fail('q must be an object');
  if (nestsDeeperThan(q, MAX_PAYLOAD_DEPTH)) return fail(`q nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  if (nestsDeeperThan(b, MAX_PAYLOAD_DEPTH)) return fail(`b nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  if (h !== undefined && h !== null) {
    if (!isPlainObject(h) || !Object.values(h).every(value => typeof value === 'string')) {
      return fail('h must be an object of string values');
    }
  }
  return {
    ok: true,
    id: i,
    request: {
      method: m.toLowerCase() as PerformActionMethod,
      path: p,
      query: (q ?? {}) as Record<string, unknown>,
      body: b,
      headers: (h ?? {}) as Record<string, string>,
    },
  };
}
