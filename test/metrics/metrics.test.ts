import { describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  BeanSocketNamespaceBase,
  defineModule,
  SocketNamespace,
  SocketPacket,
  type ISocketPacketExecute,
  type ISocketWebSocket,
  type SocketPacketNext,
} from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { prometheusMetrics } from '../../src/metrics/index.js';
import { testApi } from '../support/listeners.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

@SocketNamespace({ namespace: '/metered' })
class SocketNamespaceMetered extends BeanSocketNamespaceBase {}

/** Fails on the event `boom`, to be counted against this onion. */
@SocketPacket({ dependencies: 'a-socket:event', match: '/metered' })
class SocketPacketFragile extends BeanBase implements ISocketPacketExecute {
  async execute(data: unknown, _ws: ISocketWebSocket, _options: object, next: SocketPacketNext) {
    if ((data as [string | undefined])[0] === 'boom') throw new Error('fragile onion failed on purpose');
    return next();
  }
}

const moduleMetered = defineModule({ name: 'test-metered', beans: [SocketNamespaceMetered, SocketPacketFragile] });

/** The value of one sample line of a Prometheus text exposition, e.g. `a_socket_connections{namespace="/"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find(candidate => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function connect(path: string): Promise<TestClient> {
    const client = fixture.client(server.wsUrl(path));
    await client.ready();
    return client;
  }

  test('connections per namespace and the opened/closed totals are exposed in Prometheus text format', async () => {
    server = await fixture.start({ modules: [moduleMetered] });
    await connect('/ws');
    await connect('/ws/metered');
    const leaving = await connect('/ws/metered');
    await leaving.close();
    await waitFor(() => server.app.registry.size === 2);
    const text = await prometheusMetrics(server.app).text();
    expect(prometheusMetrics(server.app).contentType).toContain('text/plain');
    expect(sample(text, 'a_socket_connections{namespace="/"}')).toBe(1);
    expect(sample(text, 'a_socket_connections{namespace="/metered"}')).toBe(1);
    expect(sample(text, 'a_socket_connections_opened_total')).toBe(3);
    expect(sample(text, 'a_socket_connections_closed_total')).toBe(1);
  });

  test('frames in and out, answered RPC calls by code with their latency, and onion failures are counted', async () => {
    server = await fixture.start({ modules: [moduleMetered], executor: createRequestListenerExecutor(testApi) });
    // The latency histogram counts from its first call: made before any RPC, as the docs ask.
    prometheusMetrics(server.app);
    const client = await connect('/ws/metered');
    client.sendEvent('_b', { i: 1, m: 'post', p: '/api/echo', b: 1 });
    client.sendEvent('_b', { i: 2, m: 'get', p: '/api/missing' });
    client.sendEvent('_b', { i: 3, m: 'get', p: '/api/missing' });
    for (let i = 1; i <= 3; i++) await client.nextEvent(event => event.name === '_c');
    client.sendEvent('boom', null);
    await waitFor(() => server.app.registry.size === 1);
    let text = '';
    await waitFor(() => {
      void prometheusMetrics(server.app)
        .text()
        .then(latest => (text = latest));
      return sample(text, 'a_socket_onion_errors_total{onion="test-metered:fragile"}') === 1;
    });
    expect(sample(text, 'a_socket_frames_received_total')).toBe(4);
    expect(sample(text, 'a_socket_frames_sent_total')).toBe(4); // sysReady and three answers
    expect(sample(text, 'a_socket_rpc_calls_total{code="0"}')).toBe(1);
    expect(sample(text, 'a_socket_rpc_calls_total{code="404"}')).toBe(2);
    expect(sample(text, 'a_socket_rpc_duration_seconds_count{code="404"}')).toBe(2);
    expect(sample(text, 'a_socket_rpc_duration_seconds_bucket{le="+Inf",code="0"}')).toBe(1);
  });

  test('counters keep growing across scrapes and each app has its own registry', async () => {
    server = await fixture.start({ modules: [moduleMetered] });
    const other = await fixture.start({ modules: [moduleMetered] });
    try {
      await connect('/ws');
      expect(sample(await prometheusMetrics(server.app).text(), 'a_socket_connections_opened_total')).toBe(1);
      await connect('/ws');
      expect(sample(await prometheusMetrics(server.app).text(), 'a_socket_connections_opened_total')).toBe(2);
      expect(sample(await prometheusMetrics(other.app).text(), 'a_socket_connections_opened_total')).toBe(0);
    } finally {
      await other.close();
    }
  });

  test('one registry per app: a second call returns the same, and the plain counters work without it', async () => {
    server = await fixture.start({ modules: [moduleMetered] });
    expect(prometheusMetrics(server.app)).toBe(prometheusMetrics(server.app));
    await connect('/ws');
    await connect('/ws').then(client => client.sendEvent('boom-nowhere', null));
    expect(server.app.registry.added).toBe(2);
    await waitFor(() => server.app.metrics.framesReceived === 1);
  });
});
