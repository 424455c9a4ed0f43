/**
 * Which headers of a call's `h` reach the HTTP handler. A call runs as its connection's identity, from its
 * connection's network position, so every header that could claim another one is dropped by family, not by a
 * list of known spellings (proxies keep inventing new ones):
 * - identity: `authorization`, `cookie`, and every `proxy-*` (`proxy-authorization`, …);
 * - network position: anything with `forwarded` in its name (`forwarded`, `x-forwarded-*`,
 *   `x-original-forwarded-for`), anything ending in `-ip` (`x-real-ip`, `cf-connecting-ip`, `true-client-ip`,
 *   `x-client-ip`, …), `via`, and `host` (the executor sets the upgrade request's own);
 * - hop-by-hop headers (`connection`, `keep-alive`, `te`, `trailer`, `transfer-encoding`, `upgrade`) and
 *   every header the call's `connection` names; `content-length` (the executor sets it for the body it sends);
 * - the exact names of `DEFAULT_DROPPED_HEADERS` (the passport code and instance name keys) and any the
 *   integrator adds;
 * - names that are not HTTP tokens and values with control characters: an HTTP parser would refuse them.
 */

/** Exact names dropped besides the families above. */
export const DEFAULT_DROPPED_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'host',
  'via',
  'content-length',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-vona-passport-code',
  'x-vona-instance-name',
];

/** RFC 9110 token characters: what an HTTP parser accepts as a header name. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
/** Control characters other than horizontal tab: an HTTP parser refuses a value holding one. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const INVALID_VALUE = /[\0-\x08\x0a-\x1f\x7f]/;

/** True when `name` (lower case) belongs to a dropped family; exact names are checked by the caller. */
function inDroppedFamily(name: string): boolean {
  return name.includes('forwarded') || name.endsWith('-ip') || name.startsWith('proxy-');
}

/** The names a `connection` header lists (`connection: keep-alive, x-secret` names `x-secret`). */
function namedByConnection(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map(name => name.trim().toLowerCase())
    .filter(name => name !== '');
}

/**
 * The call's headers as the handler may see them: names in lower case, dropped ones left out. `exact` holds
 * the exact names to drop (`DEFAULT_DROPPED_HEADERS` and the integrator's).
 */
export function forwardableHeaders(
  sent: Readonly<Record<string, string>>,
  exact: ReadonlySet<string>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  let connection: string | undefined;
  for (const key in sent) {
    const value = sent[key];
    const name = key.toLowerCase();
    if (name === 'connection') connection = value;
    if (exact.has(name) || inDroppedFamily(name) || !HTTP_TOKEN.test(name) || INVALID_VALUE.test(value)) continue;
    headers[name] = value;
  }
  for (const name of namedByConnection(connection)) delete headers[name];
  return headers;
}
