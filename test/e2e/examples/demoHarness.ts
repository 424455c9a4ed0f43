import { type ClientOptions } from 'ws';
import { createConsoleLogger, type IPerformActionBackPayload } from '../../../src/index.js';
import { startDemo, type IDemo, type IDemoOptions } from '../../../examples/demo/createDemo.js';
import { TestClient } from '../../support/wsClient.js';
import { ClientPool } from '../../support/socketFixture.js';

/** A fixed secret, so a test can mint tokens with its own `PassportTokens`. */
export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** The demo in-process on a free port, quiet, with the test secret; plus the clients a test opened. */
export interface IDemoHarness {
  demo: IDemo;
  /** Opens a raw client on `/ws<path>` (e.g. `/ssrhmr`), closed by `close()`. */
  connect(path?: string, query?: Record<string, string>, options?: ClientOptions): TestClient;
  /** `fetch` against the demo's HTTP side; a JSON body is serialised. */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startDemoHarness(options: IDemoOptions = {}): Promise<IDemoHarness> {
  const demo = await startDemo({ secret: TEST_SECRET, logger: createConsoleLogger('silent'), ...options, port: 0 });
  const clients = new ClientPool();
  return {
    demo,
    connect(path = '', query = {}, clientOptions) {
      const search = new URLSearchParams(query).toString();
      return clients.client(`ws://127.0.0.1:${demo.port}/ws${path}${search ? `?${search}` : ''}`, clientOptions);
    },
    http(method, path, body, headers = {}) {
      return fetch(`${demo.url}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      await clients.closeAll();
      await demo.close();
    },
  };
}

export interface IActionCall {
  q?: Record<string, unknown>;
  b?: unknown;
  h?: Record<string, string>;
}

const nextCallId = new WeakMap<TestClient, number>();

/** One performAction round trip in raw frames: sends `_b`, resolves with the matching `_c` payload. */
export async function performAction(
  client: TestClient,
  method: string,
  path: string,
  call: IActionCall = {},
): Promise<IPerformActionBackPayload> {
  const i = (nextCallId.get(client) ?? 0) + 1;
  nextCallId.set(client, i);
  client.sendEvent('_b', { i, m: method, p: path, ...call });
  const answer = await client.nextEvent(event => event.name === '_c' && (event.data as { i: unknown }).i === i);
  return answer.data as IPerformActionBackPayload;
}
