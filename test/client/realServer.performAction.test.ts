/**
 * The client SDK against the real a-socket server (not the stand-in): RPC through the full packet chain and
 * `createRequestListenerExecutor` into a plain HTTP API, with the server's own limits (maxInFlight, timeout).
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { ActionError } from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { ALICE_CODE, startRealServer, type RealServer } from './support/realServer.js';
import { nextCall, until } from './support/wait.js';

/** The server's own limits, small so that 429 and 504 are quick to reach. */
const SERVER_TIMEOUT_MS = 150;
const MAX_IN_FLIGHT = 2;

let server: RealServer;

beforeEach(async () => {
  server = await startRealServer({ performAction: { timeout: SERVER_TIMEOUT_MS, maxInFlight: MAX_IN_FLIGHT } });
});

afterEach(async () => {
  await closeClients();
  await server.close();
});

/** A ready client as alice; errors of the socket or of handlers fail the test through `errors`. */
async function readyClient(options: Parameters<typeof makeClient>[0] = {}) {
  const client = makeClient(options);
  const errors: unknown[] = [];
  client.onError(error => errors.push(error));
  client.connect(server.wsUrl({ passportCode: ALICE_CODE }));
  await client.ready;
  return { client, errors };
}

function failure(call: Promise<unknown>): Promise<ActionError> {
  return call.then(
    result => {
      throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
    },
    (error: unknown) => {
      if (!(error instanceof ActionError)) throw error;
      return error;
    },
  );
}

test('a call resolves with what the HTTP handler answered, and the handler sees the socket as its caller', async () => {
  const { client } = await readyClient();
  await expect(client.performAction('post', '/api/echo', { body: { text: 'hi', n: [1, 2] } })).resolves.toEqual({
    text: 'hi',
    n: [1, 2],
  });
  await expect(client.performAction('get', '/api/echo', { query: { a: 1, b: 'two' } })).resolves.toEqual({
    a: '1',
    b: 'two',
  });
  await expect(client.performAction('get', '/api/whoami')).resolves.toEqual({ name: 'alice', anonymous: false });
});

test("the server's failures reach the caller as ActionError with the HTTP status and the server's message", async () => {
  const { client } = await readyClient();
  const missing = await failure(client.performAction('get', '/api/missing'));
  expect(missing).toMatchObject({ code: 404, fromServer: true, method: 'get', path: '/api/missing' });
  expect(missing.message).toContain('no route GET /api/missing');

  const failed = await failure(client.performAction('post', '/api/fail'));
  expect(failed).toMatchObject({ code: 500, fromServer: true });
  expect(failed.message).toContain('the handler failed on purpose');

  // The client sends whatever path it is given; the server's payload check refuses one without a leading slash.
  const malformed = await failure(client.performAction('get', 'api/echo'));
  expect(malformed).toMatchObject({ code: 400, fromServer: true });
  expect(malformed.message).toContain('p must be a path starting with "/"');
  expect(server.requests).not.toContain('api/echo');
});

test('a handler that never answers fails with 504 after the server timeout, and frees its in-flight slot', async () => {
  const { client } = await readyClient();
  const started = Date.now();
  const slow = await failure(client.performAction('get', '/api/slow'));
  expect(slow).toMatchObject({ code: 504, fromServer: true });
  expect(slow.message).toContain(`did not answer within ${SERVER_TIMEOUT_MS} ms`);
  expect(Date.now() - started).toBeGreaterThanOrEqual(SERVER_TIMEOUT_MS - 10);
  await expect(client.performAction('post', '/api/echo', { body: 'after' })).resolves.toBe('after');
});

test('calls beyond maxInFlight on one connection fail with 429 at once; other connections are not limited', async () => {
  const { client } = await readyClient();
  const running = [client.performAction('get', '/api/slow'), client.performAction('get', '/api/slow')];
  const tooMany = await failure(client.performAction('post', '/api/echo', { body: 'third' }));
  expect(tooMany).toMatchObject({ code: 429, fromServer: true });
  expect(tooMany.message).toContain(`max ${MAX_IN_FLIGHT}`);

  const { client: other } = await readyClient();
  await expect(other.performAction('post', '/api/echo', { body: 'elsewhere' })).resolves.toBe('elsewhere');

  const outcomes = await Promise.all(running.map(call => failure(call)));
  expect(outcomes.map(error => error.code)).toEqual([504, 504]);
  await expect(client.performAction('post', '/api/echo', { body: 'slots free again' })).resolves.toBe(
    'slots free again',
  );
});

test("a per-call timeout rejects with 'timeout' before the server gives up; the late 504 is ignored", async () => {
  const { client, errors } = await readyClient();
  const fallback: unknown[] = [];
  client.onFallback(raw => fallback.push(raw));
  const started = Date.now();
  const timedOut = await failure(client.performAction('get', '/api/slow', { timeout: 30 }));
  expect(timedOut).toMatchObject({ code: 'timeout', fromServer: false });
  expect(Date.now() - started).toBeLessThan(SERVER_TIMEOUT_MS);

  // Let the server's 504 for that call arrive; a later call still gets its own answer.
  await new Promise(resolve => setTimeout(resolve, SERVER_TIMEOUT_MS + 30));
  await expect(client.performAction('post', '/api/echo', { body: 'next' })).resolves.toBe('next');
  expect(errors).toEqual([]);
  expect(fallback).toEqual([]);
});

test("abort: a sent call rejects with 'aborted' at once; an already-aborted signal never reaches the server", async () => {
  const { client } = await readyClient();
  const controller = new AbortController();
  const sent = client.performAction('get', '/api/slow', { signal: controller.signal });
  await waitForRequest('/api/slow');
  controller.abort();
  await expect(failure(sent)).resolves.toMatchObject({ code: 'aborted' });

  const aborted = AbortSignal.abort();
  await expect(failure(client.performAction('get', '/api/whoami', { signal: aborted }))).resolves.toMatchObject({
    code: 'aborted',
  });
  await expect(client.performAction('post', '/api/echo', { body: 'fence' })).resolves.toBe('fence');
  expect(server.requests.filter(path => path === '/api/whoami')).toEqual([]);
});

test("when the server closes (appClose → 1001) pending calls reject with 'closed' and the client plans a reconnect", async () => {
  const { client } = await readyClient();
  const closed = nextCall<[{ code: number }, boolean]>(handler => client.onClose(handler));
  const pending = failure(client.performAction('get', '/api/slow', { timeout: 5000 }));
  await waitForRequest('/api/slow');
  await server.close();
  expect(await pending).toMatchObject({ code: 'closed', fromServer: false });
  const [close, willReconnect] = await closed;
  expect(close.code).toBe(1001);
  expect(willReconnect).toBe(true);
  expect(client.state).toBe('reconnecting');
});

/** The call was really sent: the HTTP handler has seen it. */
function waitForRequest(path: string): Promise<void> {
  return until(() => server.requests.includes(path));
}
