import type http from 'node:http';
import { describe, expect, test } from '@jest/globals';
import type { IActionExecutor } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

type Back = { i: number; c: number; d?: unknown; m?: string };

describe('a call the server gives up, or a handler breaks off', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();
  /** What the handlers of `/hang` heard, in order. */
  let heard: string[];

  /** `/hang` never answers and records what it hears; `/destroy` destroys its response; `/throw` throws. */
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/hang') {
      heard.push('started');
      req.on('aborted', () => heard.push('request aborted'));
      req.on('error', error => heard.push(`request error ${(error as { code?: string }).code}`));
      req.on('close', () => heard.push('request close'));
      res.on('close', () => heard.push('response close'));
      req.socket.on('close', () => heard.push('socket close'));
    } else if (req.url === '/destroy') {
      res.write('half');
      res.destroy(new Error('gave up half way'));
    } else if (req.url === '/throw') {
      throw new Error('the handler broke');
    } else {
      res.setHeader('content-type', 'application/json');
      res.end('"fine"');
    }
  };

  async function start(executor: IActionExecutor, timeout = 30000): Promise<TestClient> {
    heard = [];
    server = await fixture.start({
      executor,
      config: { modules: { 'a-socket': { performAction: { timeout } } } },
    });
    const client = fixture.client(server.wsUrl('/ws'));
    await client.ready();
    return client;
  }

  async function call(client: TestClient, i: number, path: string): Promise<Back> {
    client.sendEvent('_b', { i, m: 'get', p: path });
    return (await client.nextEvent(event => event.name === '_c' && (event.data as Back).i === i)).data as Back;
  }

  test('a handler still running at the call timeout hears its request abort and its response close, as on an HTTP disconnect', async () => {
    const client = await start(createRequestListenerExecutor(listener), 100);
    expect(await call(client, 1, '/hang')).toMatchObject({ i: 1, c: 504 });
    await waitFor(() => heard.length === 6);
    expect(heard).toEqual(
      expect.arrayContaining([
        'request aborted',
        'request error ECONNRESET',
        'request close',
        'response close',
        'socket close',
      ]),
    );
    expect(await call(client, 2, '/fine')).toEqual({ i: 2, c: 0, d: 'fine' });
  });

  test('a handler still running when its connection closes hears its request abort', async () => {
    const client = await start(createRequestListenerExecutor(listener));
    client.sendEvent('_b', { i: 1, m: 'get', p: '/hang' });
    await waitFor(() => heard.includes('started'));
    await client.close();
    await waitFor(() => heard.includes('request aborted') && heard.includes('response close'));
  });

  test('a handler that destroys its response before ending it, or throws, answers 500 and the connection stays', async () => {
    const client = await start(createRequestListenerExecutor(listener));
    expect(await call(client, 1, '/destroy')).toEqual({ i: 1, c: 500, m: 'internal server error' });
    expect(await call(client, 2, '/throw')).toEqual({ i: 2, c: 500, m: 'internal server error' });
    expect(await call(client, 3, '/fine')).toEqual({ i: 3, c: 0, d: 'fine' });
  });

  test('an executor without a signal per call is told through abandon when its call times out or its connection closes', async () => {
    const returned: PromiseLike<unknown>[] = [];
    const abandoned: PromiseLike<unknown>[] = [];
    const executor: IActionExecutor = {
      perCallSignal: false,
      execute() {
        const pending = new Promise<unknown>(() => undefined);
        returned.push(pending);
        return pending;
      },
      abandon(pending) {
        abandoned.push(pending);
      },
    };
    const client = await start(executor, 100);
    expect(await call(client, 1, '/hang')).toMatchObject({ i: 1, c: 504 });
    expect(abandoned).toEqual([returned[0]]);
    client.sendEvent('_b', { i: 2, m: 'get', p: '/hang' });
    await waitFor(() => returned.length === 2);
    await client.close();
    await waitFor(() => abandoned.length === 2);
    expect(abandoned[1]).toBe(returned[1]);
  });
});
