import { afterEach, beforeEach, expect, jest, test } from '@jest/globals';
import { ActionError } from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { startProtocolServer, type ProtocolServer } from './support/protocolServer.js';

let server: ProtocolServer;

beforeEach(async () => {
  server = await startProtocolServer();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await closeClients();
  await server.stop();
});

async function readyClient(options: Parameters<typeof makeClient>[0] = {}) {
  const client = makeClient(options);
  client.connect(server.url);
  await client.ready;
  return client;
}

/** The `_b` payloads the server received, parsed. */
function calls(): Record<string, unknown>[] {
  return server.received
    .filter(frame => frame.startsWith('_:["_b",'))
    .map(frame => (JSON.parse(frame.slice(2)) as [string, Record<string, unknown>])[1]);
}

test('a call travels as _b with i, m, p, q, b, h and resolves with d of the _c answer', async () => {
  const client = await readyClient();
  const body = { text: 'hi', n: [1, 2] };
  const result = await client.performAction('post', '/api/echo', { body, query: { a: 1 }, headers: { 'x-k': 'v' } });
  expect(result).toEqual(body);
  await expect(client.performAction('get', '/api/echo', { query: { q: 'x' } })).resolves.toEqual({ q: 'x' });
  expect(calls()).toEqual([
    { i: 1, m: 'post', p: '/api/echo', q: { a: 1 }, b: body, h: { 'x-k': 'v' } },
    { i: 2, m: 'get', p: '/api/echo', q: { q: 'x' } },
  ]);
});

test('request ids increase per client, and concurrent answers reach their own callers', async () => {
  const client = await readyClient();
  const results = await Promise.all([1, 2, 3, 4, 5].map(n => client.performAction('post', '/api/echo', { body: n })));
  expect(results).toEqual([1, 2, 3, 4, 5]);
  expect(calls().map(call => call.i)).toEqual([1, 2, 3, 4, 5]);
  const other = await readyClient();
  await other.performAction('post', '/api/echo', { body: 'x' });
  expect(calls().map(call => call.i)).toEqual([1, 2, 3, 4, 5, 1]);
});

test("a failure answer rejects with ActionError carrying the server's code and message", async () => {
  const client = await readyClient();
  const missing = client.performAction('get', '/api/missing');
  await expect(missing).rejects.toBeInstanceOf(ActionError);
  await expect(missing).rejects.toMatchObject({ code: 404, method: 'get', path: '/api/missing', requestId: 1 });
  const error = await client.performAction('post', '/api/error').catch((e: ActionError) => e);
  expect(error).toMatchObject({
    code: 500,
    fromServer: true,
    message: 'POST /api/error failed (500): Internal Server Error',
  });
});

test('answers with codes the server may give (400, 429, 504) and a malformed answer reject with those codes', async () => {
  const client = await readyClient({ performActionTimeout: 5000 });
  const pending = [1, 2, 3, 4].map(() => client.performAction('get', '/api/slow').catch((e: ActionError) => e.code));
  await server.waitForFrame(frame => frame.includes('"i":4'));
  server.sendRaw('_:["_c",{"i":1,"c":400,"m":"Bad Request"}]');
  server.sendRaw('_:["_c",{"i":2,"c":429,"m":"Too Many Requests"}]');
  server.sendRaw('_:["_c",{"i":3,"c":504,"m":"Gateway Timeout"}]');
  server.sendRaw('_:["_c",{"i":4,"d":"no code"}]');
  expect(await Promise.all(pending)).toEqual([400, 429, 504, 'bad_response']);
});

test('a call without an answer rejects with timeout after its own timeout, and an answer arriving later is ignored', async () => {
  const client = await readyClient({ performActionTimeout: 60_000 });
  const started = Date.now();
  const error = await client.performAction('get', '/api/slow', { timeout: 50 }).catch((e: ActionError) => e);
  expect(error).toMatchObject({ code: 'timeout', fromServer: false });
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  server.sendRaw('_:["_c",{"i":1,"c":0,"d":"late"}]');
  await expect(client.performAction('post', '/api/echo', { body: 'next' })).resolves.toBe('next');
});

test('the default timeout comes from performActionTimeout', async () => {
  const client = await readyClient({ performActionTimeout: 30 });
  await expect(client.performAction('get', '/api/slow')).rejects.toMatchObject({ code: 'timeout' });
});

test('a settled call clears its timer and removes its abort listener', async () => {
  const setSpy = jest.spyOn(globalThis, 'setTimeout');
  const clearSpy = jest.spyOn(globalThis, 'clearTimeout');
  const client = await readyClient();
  const controller = new AbortController();
  const removeSpy = jest.spyOn(controller.signal, 'removeEventListener');
  await client.performAction('post', '/api/echo', { body: 1, timeout: 123_456, signal: controller.signal });
  const timerCall = setSpy.mock.results.find((_, index) => setSpy.mock.calls[index][1] === 123_456);
  expect(timerCall).toBeDefined();
  expect(clearSpy).toHaveBeenCalledWith(timerCall!.value as ReturnType<typeof setTimeout>);
  expect(removeSpy).toHaveBeenCalledWith('abort', expect.any(Function));
});

test('an already aborted signal rejects at once and nothing is sent', async () => {
  const client = await readyClient();
  const controller = new AbortController();
  controller.abort();
  await expect(client.performAction('post', '/api/echo', { signal: controller.signal })).rejects.toMatchObject({
    code: 'aborted',
  });
  await client.performAction('post', '/api/echo', { body: 'barrier' });
  expect(calls().map(call => call.b)).toEqual(['barrier']);
});

test('aborting a call in flight rejects it with aborted', async () => {
  const client = await readyClient();
  const controller = new AbortController();
  const call = client.performAction('get', '/api/slow', { signal: controller.signal });
  await server.waitForFrame(frame => frame.includes('/api/slow'));
  controller.abort();
  await expect(call).rejects.toMatchObject({ code: 'aborted', path: '/api/slow' });
});

test('every call in flight rejects with closed when the server closes the connection', async () => {
  const client = await readyClient({ reconnect: { enabled: false } });
  const inFlight = [client.performAction('get', '/api/slow'), client.performAction('post', '/api/slow')];
  await server.waitForFrame(frame => frame.includes('"i":2'));
  server.closeClients(1011, 'onion failed');
  for (const call of inFlight) await expect(call).rejects.toMatchObject({ code: 'closed' });
});

test('calls in flight reject with closed on disconnect, and calls after it with not_connected', async () => {
  const client = await readyClient();
  const call = client.performAction('get', '/api/slow');
  await server.waitForFrame(frame => frame.includes('/api/slow'));
  const closing = client.disconnect();
  await expect(call).rejects.toMatchObject({ code: 'closed' });
  await expect(client.performAction('get', '/api/echo')).rejects.toMatchObject({ code: 'not_connected' });
  await closing;
});
