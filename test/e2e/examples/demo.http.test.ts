import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PassportTokens } from '../../../examples/demo/passportToken.js';
import { startDemoHarness, TEST_SECRET, type IDemoHarness } from './demoHarness.js';

/** The demo's routes over plain HTTP (DESIGN §8). */
describe('demo routes over HTTP', () => {
  let harness: IDemoHarness;
  const tokens = new PassportTokens(TEST_SECRET);

  beforeAll(async () => {
    harness = await startDemoHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  async function json(response: Response): Promise<unknown> {
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return response.json();
  }

  test('POST /api/echo answers the body', async () => {
    const response = await harness.http('POST', '/api/echo', { a: 1, list: [true, null], nested: { s: 'x' } });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ a: 1, list: [true, null], nested: { s: 'x' } });
  });

  test('POST /api/echo without a body answers null', async () => {
    const response = await harness.http('POST', '/api/echo');
    expect(await json(response)).toBeNull();
  });

  test('GET /api/echo answers the query, repeated keys as arrays', async () => {
    const response = await harness.http('GET', '/api/echo?a=1&b=two&b=three');
    expect(await json(response)).toEqual({ a: '1', b: ['two', 'three'] });
  });

  test('a body that is not JSON is a 400 saying so', async () => {
    const response = await harness.http('POST', '/api/echo', '{"a":');
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ message: expect.stringMatching(/^request body is not valid JSON: /) });
  });

  test('a body over the limit is a 413, also when streamed without a length', async () => {
    const declared = await harness.http('POST', '/api/echo', JSON.stringify('x'.repeat(70 * 1024)));
    expect(declared.status).toBe(413);
    expect(await json(declared)).toEqual({ message: expect.stringContaining('over the limit of 65536 bytes') });

    const streamed = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const request = http.request(`${harness.demo.url}/api/echo`, { method: 'POST' }, response => {
        let body = '';
        response.on('data', chunk => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      });
      request.on('error', reject);
      request.write('"'); // chunked: no content-length to refuse up front
      request.write('y'.repeat(70 * 1024));
      request.end('"');
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual({ message: 'request body is over the limit of 65536 bytes' });
  });

  test('POST /api/passport/token answers a token for the name', async () => {
    const response = await harness.http('POST', '/api/passport/token', { name: 'alice' });
    const body = (await json(response)) as { token: string };
    expect(Object.keys(body)).toEqual(['token']);
    expect(tokens.verify(body.token)?.name).toBe('alice');
  });

  test.each([
    [undefined, 'request body must be a JSON object, got no body'],
    [{}, 'name must be a string, got undefined'],
    [{ name: '' }, 'name must not be empty'],
    [{ name: 42 }, 'name must be a string, got number'],
  ])('POST /api/passport/token with %j is a 400: %s', async (body, message) => {
    const response = await harness.http('POST', '/api/passport/token', body);
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ message });
  });

  test('GET /api/passport/current is the bearer of the token, else anonymous', async () => {
    const bearer = { authorization: `Bearer ${tokens.sign('alice')}` };
    expect(await json(await harness.http('GET', '/api/passport/current', undefined, bearer))).toEqual({
      name: 'alice',
      anonymous: false,
    });
    expect(await json(await harness.http('GET', '/api/passport/current'))).toEqual({ name: null, anonymous: true });
  });

  test('GET /api/passport/current with a bad bearer token is a 401', async () => {
    const response = await harness.http('GET', '/api/passport/current', undefined, { authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ message: expect.stringContaining('invalid or expired') });
  });

  test('POST /api/ssrhmr/reload answers ok with the time sent', async () => {
    const before = Date.now();
    const body = (await json(await harness.http('POST', '/api/ssrhmr/reload'))) as { ok: boolean; at: number };
    expect(body.ok).toBe(true);
    expect(body.at).toBeGreaterThanOrEqual(before);
  });

  test('GET /api/socket/stats lists every declared namespace', async () => {
    expect(await json(await harness.http('GET', '/api/socket/stats'))).toEqual({
      connections: 0,
      namespaces: { '/': 0, '/ssrhmr': 0, '/chat': 0, '/feed': 0 },
    });
  });

  test('GET /metrics answers the Prometheus text exposition of this process', async () => {
    const response = await harness.http('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE a_socket_connections gauge');
    expect(text).toContain('# TYPE a_socket_rpc_duration_seconds histogram');
  });

  test.each([
    ['POST', '/api/socket/broadcast', { eventName: 'x' }, 400, 'namespace must be a non-empty string, got nothing'],
    ['POST', '/api/socket/broadcast', { namespace: '/' }, 400, 'eventName must be a non-empty string, got nothing'],
    [
      'POST',
      '/api/socket/broadcast',
      { namespace: '/', eventName: '_a' },
      400,
      'eventName "_a" is reserved for system events (short codes: "_" and one letter or digit)',
    ],
    [
      'POST',
      '/api/socket/broadcast',
      { namespace: '/', eventName: 'sysReady' },
      400,
      'eventName "sysReady" is reserved for system events (names starting with "sys" and a capital letter)',
    ],
    [
      'POST',
      '/api/socket/broadcast',
      { namespace: '/nowhere', eventName: 'x' },
      404,
      'namespace "/nowhere" is not declared (declared: /, /ssrhmr, /chat, /feed)',
    ],
    ['POST', '/api/socket/send', { eventName: 'x' }, 400, 'id must be a non-empty string, got nothing'],
    ['POST', '/api/socket/send', { id: 'abc' }, 400, 'eventName must be a non-empty string, got nothing'],
    ['POST', '/api/socket/send', { id: 'abc', eventName: 'x' }, 404, 'no open connection with id "abc"'],
    ['POST', '/api/socket/send', [1], 400, 'request body must be a JSON object, got an array'],
  ])('%s %s %j is a %i', async (method, path, body, status, message) => {
    const response = await harness.http(method, path, body);
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ message });
  });

  test('POST /api/socket/broadcast and /api/socket/send reserve every system event name (sys* names and _x short codes) with a 400 naming it', async () => {
    const reserved = [
      'sysEventError',
      'sysPassportExpiring',
      'sysPassportRefresh',
      'sysPassportRefreshed',
      'sysEventsSkipped',
      'sysAnythingLater',
      '_d',
      '_z',
      '_Q',
      '_0',
    ];
    for (const eventName of reserved) {
      for (const [path, target] of [
        ['/api/socket/broadcast', { namespace: '/' }],
        ['/api/socket/send', { id: 'abc' }],
      ] as const) {
        const response = await harness.http('POST', path, { ...target, eventName });
        expect([path, eventName, response.status]).toEqual([path, eventName, 400]);
        expect(await json(response)).toEqual({
          message: expect.stringContaining(`eventName "${eventName}" is reserved`),
        });
      }
    }
    // Names that only look alike are ordinary events.
    for (const eventName of ['system:notice', 'sys', '_ab', 'a_b']) {
      const response = await harness.http('POST', '/api/socket/broadcast', { namespace: '/', eventName });
      expect([eventName, response.status]).toEqual([eventName, 200]);
    }
  });

  test('POST /api/chat/message without an identity is a 401', async () => {
    const response = await harness.http('POST', '/api/chat/message', { text: 'hi' });
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ message: expect.stringContaining('chat messages need a name') });
  });

  test('POST /api/chat/message answers the message sent, from the bearer', async () => {
    const bearer = { authorization: `Bearer ${tokens.sign('alice')}` };
    const body = await json(await harness.http('POST', '/api/chat/message', { text: ' hello ' }, bearer));
    expect(body).toEqual({
      ok: true,
      message: { from: 'alice', text: 'hello', at: expect.any(Number) },
      offset: expect.stringMatching(/^[0-9]+$/),
    });
    const blank = await harness.http('POST', '/api/chat/message', { text: '  ' }, bearer);
    expect(blank.status).toBe(400);
  });

  test('GET / is an HTML page', async () => {
    const response = await harness.http('GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<title>a-socket chat</title>');
    expect(html).toContain('<script type="module" src="/chat.js"></script>');
  });

  test('GET /chat.js is the chat page script bundled for the browser, the client SDK included', async () => {
    const response = await harness.http('GET', '/chat.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await response.text();
    expect(script).toContain('var WebSocketClient = class');
    expect(script).toContain('/api/chat/message');
    // Bundled for the browser: no import left to resolve, nothing Node-only, no markup built from strings.
    expect(script).not.toMatch(/^import |\brequire\(|node:|innerHTML/m);
  });

  test.each([
    ['GET', '/nope'],
    ['GET', '/api/ssrhmr/reload'],
    ['DELETE', '/api/echo'],
    ['POST', '/'],
  ])('%s %s is a 404 with a JSON message', async (method, path) => {
    const response = await harness.http(method, path);
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ message: `no route for ${method} ${path}` });
  });
});
