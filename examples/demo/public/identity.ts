/** The demo's passport query key (DESIGN §8): the socket is the user its token names. */
const PASSPORT_QUERY_KEY = 'x-vona-passport-code';

/** `POST /api/passport/token` over HTTP: the demo signs a token for the name; rejects with the server's reason. */
export async function fetchToken(name: string): Promise<string> {
  const response = await fetch('/api/passport/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; message?: unknown };
  if (!response.ok || typeof body.token !== 'string') {
    const reason = typeof body.message === 'string' ? body.message : `the server answered ${response.status}`;
    throw new Error(`no token for "${name}": ${reason}`);
  }
  return body.token;
}

/** `ws(s)://<this page's host>/ws/chat?x-vona-passport-code=<token>`. */
export function chatSocketUrl(token: string, page: string = location.href): string {
  const url = new URL('/ws/chat', page);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set(PASSPORT_QUERY_KEY, token);
  return url.href;
}
