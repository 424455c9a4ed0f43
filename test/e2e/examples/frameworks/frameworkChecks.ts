import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { TestClient } from '../../../support/wsClient.js';

/** What each framework example's start function returns that the checks need. */
export interface IRunningFrameworkExample {
  port: number;
  close(): Promise<void>;
}

/**
 * The same checks for every framework example: it serves its HTTP API and the sockets on one port, and an
 * RPC over a real WebSocket (raw frames) gets the same answer as the same call over HTTP.
 */
export function describeFrameworkExample(name: string, start: () => Promise<IRunningFrameworkExample>): void {
  describe(`the ${name} example: HTTP API and sockets on one port`, () => {
    let running: IRunningFrameworkExample;
    let client: TestClient;
    let connectionId: string;
    let lastRequestId = 0;

    beforeAll(async () => {
      running = await start();
      client = new TestClient(`ws://127.0.0.1:${running.port}/ws`);
      connectionId = await client.ready();
    });

    afterAll(async () => {
      await client.close();
      await running.close();
    });

    /** One sysPerformAction over the socket; resolves with its sysPerformActionBack payload. */
    async function rpc(call: { m: string; p: string; q?: object; b?: unknown }): Promise<unknown> {
      const i = ++lastRequestId;
      client.sendEvent('_b', { i, ...call });
      const answer = await client.nextEvent(event => event.name === '_c' && (event.data as { i: number }).i === i);
      return answer.data;
    }

    async function http(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
      const response = await fetch(`http://127.0.0.1:${running.port}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : text };
    }

    test('POST /api/echo: the JSON body comes back, over the socket as over HTTP', async () => {
      const body = { hello: 'world', nested: { list: [1, 2, 3] } };
      expect(await rpc({ m: 'post', p: '/api/echo', b: body })).toEqual({ i: lastRequestId, c: 0, d: body });
      expect(await http('POST', '/api/echo', body)).toEqual({ status: 200, json: body });
    });

    test('GET /api/echo: the query comes back, over the socket as over HTTP', async () => {
      expect(await rpc({ m: 'get', p: '/api/echo', q: { a: '1', b: 'two' } })).toEqual({
        i: lastRequestId,
        c: 0,
        d: { a: '1', b: 'two' },
      });
      expect(await http('GET', '/api/echo?a=1&b=two')).toEqual({ status: 200, json: { a: '1', b: 'two' } });
    });

    test('GET /api/whoami: the route knows a socket call (its connection id) from an HTTP request', async () => {
      expect(await rpc({ m: 'get', p: '/api/whoami' })).toEqual({
        i: lastRequestId,
        c: 0,
        d: { via: 'socket', connection: connectionId, namespace: '/' },
      });
      expect(await http('GET', '/api/whoami')).toEqual({ status: 200, json: { via: 'http' } });
    });

    test("an unknown path answers the framework's 404 over the socket as over HTTP", async () => {
      expect(await rpc({ m: 'get', p: '/api/nothing-here' })).toMatchObject({ i: lastRequestId, c: 404 });
      expect((await http('GET', '/api/nothing-here')).status).toBe(404);
    });
  });
}
