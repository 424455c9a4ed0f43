import { describe, expect, test } from '@jest/globals';
import { SocketActionError, type IActionExecutor, type ISocketContext } from '../../src/index.js';
import { SocketPacketPerformAction } from '../../src/bean/socketPacket.performAction.js';
import { type DeadlineList } from '../../src/core/deadlineList.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

interface ISeenCall {
  path: string;
  ctx: ISocketContext;
  signal: AbortSignal;
}

/** A direct executor: `/echo` answers the body, `/sync` answers without a promise, `/hang` never answers. */
function recordingExecutor(perCallSignal?: boolean): { executor: IActionExecutor; seen: ISeenCall[] } {
  const seen: ISeenCall[] = [];
  const executor: IActionExecutor = {
    perCallSignal,
    execute(request, ctx, signal) {
      seen.push({ path: request.path, ctx, signal });
      if (request.path === '/echo') return Promise.resolve(request.body);
      if (request.path === '/sync') return request.body as Promise<unknown>;
      if (request.path === '/throw') throw new SocketActionError(418, 'teapot');
      return new Promise(() => undefined);
    },
  };
  return { executor, seen };
}

describe('performAction signals and deadlines', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function connect(executor: IActionExecutor, timeout = 30000): Promise<TestClient> {
    server = await fixture.start({ executor, config: { modules: { 'a-socket': { performAction: { timeout } } } } });
    const client = fixture.client(server.wsUrl('/ws'));
    await client.ready();
    return client;
  }

  async function call(client: TestClient, payload: Record<string, unknown>) {
    client.sendEvent('_b', payload);
    const back = await client.nextEvent(event => event.name === '_c' && (event.data as { i: unknown }).i === payload.i);
    return back.data;
  }

  test('each call gets its own signal, aborted at its timeout, while the connection signal stays open', async () => {
    const { executor, seen } = recordingExecutor();
    const client = await connect(executor, 100);
    expect(await call(client, { i: 1, m: 'post', p: '/hang' })).toMatchObject({ i: 1, c: 504 });
    expect(seen[0].signal).not.toBe(seen[0].ctx.signal);
    expect(seen[0].signal.aborted).toBe(true);
    expect(seen[0].ctx.signal.aborted).toBe(false);
    expect(await call(client, { i: 2, m: 'post', p: '/echo', b: 'ok' })).toEqual({ i: 2, c: 0, d: 'ok' });
    expect(seen[1].signal.aborted).toBe(false);
  });

  test('the signals of running calls abort when the connection closes', async () => {
    const { executor, seen } = recordingExecutor();
    const client = await connect(executor);
    client.sendEvent('_b', { i: 1, m: 'post', p: '/hang' });
    client.sendEvent('_b', { i: 2, m: 'post', p: '/hang' });
    await waitFor(() => seen.length === 2);
    await client.close();
    await waitFor(() => seen.every(call => call.signal.aborted));
    expect(seen[0].signal.reason).toBe(seen[0].ctx.signal.reason);
  });

  test('an executor with perCallSignal false gets the connection signal, and still answers 504 at the timeout', async () => {
    const { executor, seen } = recordingExecutor(false);
    const client = await connect(executor, 100);
    expect(await call(client, { i: 1, m: 'post', p: '/echo', b: [1] })).toEqual({ i: 1, c: 0, d: [1] });
    expect(seen[0].signal).toBe(seen[0].ctx.signal);
    expect(await call(client, { i: 2, m: 'post', p: '/hang' })).toMatchObject({ i: 2, c: 504 });
    expect(seen[1].ctx.signal.aborted).toBe(false);
  });

  test('a value answered without a promise and an error thrown at once are answers too', async () => {
    const { executor } = recordingExecutor();
    const client = await connect(executor);
    expect(await call(client, { i: 1, m: 'post', p: '/sync', b: { a: 1 } })).toEqual({ i: 1, c: 0, d: { a: 1 } });
    expect(await call(client, { i: 2, m: 'post', p: '/throw' })).toEqual({ i: 2, c: 418, m: 'teapot' });
  });

  test('answered calls leave no timer behind', async () => {
    const { executor } = recordingExecutor();
    const client = await connect(executor, 60000);
    const deadlines = (server.app.bean(SocketPacketPerformAction) as unknown as { deadlines: DeadlineList<never> })
      .deadlines;
    for (let i = 1; i <= 20; i++) client.sendEvent('_b', { i, m: 'post', p: '/echo', b: i });
    await client.nextEvent(event => event.name === '_c' && (event.data as { i: number }).i === 20);
    expect(deadlines.armed).toBe(false);
    client.sendEvent('_b', { i: 21, m: 'post', p: '/hang' });
    await waitFor(() => deadlines.armed);
  });
});
