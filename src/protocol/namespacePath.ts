/** `namespaceOfPath`'s answer for a path under `globalPrefix` that a-socket refuses (HTTP 400). */
export const MALFORMED_PATH: unique symbol = Symbol('a-socket: malformed upgrade path');

/**
 * What a reverse proxy, a WHATWG URL parser or a file-system style normaliser could read as another path
 * than the one sent: a backslash, `#`, an encoded dot, slash or backslash (`%2e`, `%2f`, `%5c`, any case),
 * an empty segment (`//`) and a dot segment (`/./`, `/../`, a trailing `/.` or `/..`).
 */
const AMBIGUOUS = /[\\#]|%(?:2[ef]|5c)|\/\.{0,2}\/|\/\.\.?$/i;

/**
 * The namespace of an upgrade path (the request target before `?`, as sent) under `globalPrefix`:
 * `/ws` → `/`, `/ws/ssrhmr` → `/ssrhmr`, `/ws/a/b/` → `/a/b` (one trailing slash is dropped).
 *
 * - A path outside the prefix (`/other`, `/wsx`, `/WS`, `//ws`, `http://host/ws`) → undefined: not ours.
 * - A path under the prefix that a proxy or a URL parser could read as another one (see `AMBIGUOUS`:
 *   `/ws/ssrhmr/%2e%2e/chat`, `/ws/x\..\chat`, `/ws//chat`) → `MALFORMED_PATH`.
 * - Anything else is compared as sent, never decoded: `/ws/caf%C3%A9` is the namespace `/caf%C3%A9`,
 *   not `/café`. So a path has one spelling per namespace, and a proxy rule written against the path the
 *   client sends sees what this server routes: no spelling reaches a namespace the rule did not name.
 */
export function namespaceOfPath(path: string, globalPrefix: string): string | typeof MALFORMED_PATH | undefined {
  const prefix = globalPrefix.endsWith('/') ? globalPrefix.slice(0, -1) : globalPrefix;
  if (!path.startsWith(prefix)) return undefined;
  if (path.length === prefix.length) return '/';
  if (path.charCodeAt(prefix.length) !== 0x2f /* / */) return undefined;
  const rest = path.slice(prefix.length);
  if (AMBIGUOUS.test(rest)) return MALFORMED_PATH;
  if (rest.length === 1) return '/';
  return rest.endsWith('/') ? rest.slice(0, -1) : rest;
}
