import { describe, expect, test } from '@jest/globals';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { testApi } from '../support/listeners.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { captureProcessWarnings } from '../support/processWarnings.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

type Back = { i: number; c: number; d?: unknown; m?: string };

describe('an RPC flood past performAction.maxInFlight', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function connect(): Promise<TestClient> {
    const client = fixture.client(server.wsUrl('/ws'));
    await client.ready();
    return client;
  }

  test('200 calls at once: maxInFlight run, the rest answer 429 at once, a neighbour is undisturbed, and no listener-leak warning', async () => {
    const warnings = captureProcessWarnings();
    try {
      server = await fixture.start({
        executor: createRequestListenerExecutor(testApi),
        config: { modules: { 'a-socket': { performAction: { timeout: 400, maxInFlight: 32 } } } },
      });
      const flooder = await connect();
      const neighbour = await connect();
      for (let i = 1; i <= 200; i++) flooder.sendEvent('_b', { i, m: 'get', p: '/api/slow' });
      // The 168 refused calls answer before any slow one can: their 429 comes first.
      const refused: Back[] = [];
      for (let n = 0; n < 168; n++) refused.push((await flooder.nextEvent(e => e.name === '_c')).data as Back);
      expect(refused.map(back => back.c)).toEqual(new Array(168).fill(429));
      expect(refused.map(back => back.i)).toEqual(Array.from({ length: 168 }, (_v, n) => n + 33));
      expect(refused[0].m).toBe('too many calls in flight (max 32)');

      neighbour.sendEvent('_b', { i: 1, m: 'post', p: '/api/echo', b: 'still here' });
      expect((await neighbour.nextEvent(e => e.name === '_c')).data).toEqual({ i: 1, c: 0, d: 'still here' });

      const timedOut: Back[] = [];
      for (let n = 0; n < 32; n++) timedOut.push((await flooder.nextEvent(e => e.name === '_c')).data as Back);
      expect(new Set(timedOut.map(back => back.c))).toEqual(new Set([504]));
      // Every slot is free again.
      flooder.sendEvent('_b', { i: 'after', m: 'post', p: '/api/echo', b: 1 });
      expect((await flooder.nextEvent(e => e.name === '_c')).data).toEqual({ i: 'after', c: 0, d: 1 });
      expect(warnings.list.filter(warning => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
      expect(server.app.registry.size).toBe(2);
    } finally {
      warnings.stop();
    }
  });

  test('a flooder that leaves with calls in flight leaves no registry entry behind and logs no error', async () => {
    const logger = captureLogger();
    server = await fixture.start({
      logger,
      executor: createRequestListenerExecutor(testApi),
      config: { modules: { 'a-socket': { performAction: { timeout: 5000, maxInFlight: 16 } } } },
    });
    const flooder = await connect();
    for (let i = 1; i <= 50; i++) flooder.sendEvent('_b', { i, m: 'get', p: '/api/slow' });
    await flooder.nextEvent(e => e.name === '_c');
    flooder.ws.terminate();
    await waitFor(() => server.app.registry.size === 0);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(logger.lines.filter(line => line.level === 'error')).toEqual([]);
    expect(logger.lines.filter(line => line.message.includes('the connection closed'))).toHaveLength(16);
  });
});
