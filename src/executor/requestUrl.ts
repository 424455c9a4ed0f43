import { SocketActionError } from '../lib/socketActionError.js';

const BASE = 'http://localhost';
/** Characters a path keeps unchanged through the URL parser, none of which starts a query, a fragment or a dot segment. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-_~!$&'()*+,;=:@%/]*$/;
/** Where a dot segment (`.`, `..`, `%2e`, …) could start: the URL parser would resolve it. */
const DOT_SEGMENT_START = /\/(?:\.|%2e)/i;
/** Characters `URLSearchParams` leaves unencoded. */
const PLAIN_QUERY_PART = /^[A-Za-z0-9*\-._]*$/;

type QueryValue = string | string[];

function queryValue(value: unknown): QueryValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(item => String(item));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** application/x-www-form-urlencoded, as `URLSearchParams` writes it. */
function encodeQueryPart(text: string): string {
  if (PLAIN_QUERY_PART.test(text)) return text;
  return encodeURIComponent(text).replace(/%20|[!'()~]/g, match =>
    match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function encodeQuery(query: Record<string, unknown>): string {
  let text = '';
  for (const key in query) {
    const value = queryValue(query[key]);
    if (value === undefined) continue;
    const name = encodeQueryPart(key);
    for (const item of typeof value === 'string' ? [value] : value) {
      text += `${text === '' ? '' : '&'}${name}=${encodeQueryPart(item)}`;
    }
  }
  return text;
}

/** `//host/x` and `/\\host/x` would name a host: kept paths, as in an HTTP request line. */
const NAMES_A_HOST = /^\/[/\\]/;

function parsedUrl(path: string, query: Record<string, unknown>): string {
  let url: URL;
  try {
    url = new URL(NAMES_A_HOST.test(path) ? BASE + path : path, BASE);
  } catch (error) {
    throw new SocketActionError(
      400,
      `p is not a path an HTTP request could carry: ${JSON.stringify(path.slice(0, 100))}`,
      {
        cause: error,
      },
    );
  }
  for (const key in query) {
    const value = queryValue(query[key]);
    if (value === undefined) continue;
    if (typeof value === 'string') {
      url.searchParams.set(key, value);
    } else {
      url.searchParams.delete(key);
      for (const item of value) url.searchParams.append(key, item);
    }
  }
  return url.pathname + url.search;
}

/**
 * The request target (`req.url`) of a call: its path `p` with its query `q` appended. Values of `q` are
 * strings; arrays repeat their key; objects travel as JSON; `null` and `undefined` are left out.
 *
 * A plain path (nothing to encode, no dot segment, no query of its own) is used as it is, with `q` encoded
 * the way `URLSearchParams` does. Any other path goes through the WHATWG URL parser, as a browser would send
 * it: characters an HTTP request line cannot hold are percent-encoded, `\` becomes `/`, dot segments are
 * resolved and `q` is merged into the path's own query (its keys replace the path's). A path the parser
 * refuses fails the call with 400.
 */
export function requestUrl(path: string, query: Record<string, unknown>): string {
  if (!PLAIN_PATH.test(path) || DOT_SEGMENT_START.test(path)) return parsedUrl(path, query);
  const search = encodeQuery(query);
  return search === '' ? path : `${path}?${search}`;
}
