import { afterEach, describe, expect, test } from '@jest/globals';
import { BeanSocketNamespaceBase, defineModule, SocketNamespace } from '../../src/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

@SocketNamespace({ namespace: '/metered' })
class SocketNamespaceMetered extends BeanSocketNamespaceBase {}

const moduleMetered = defineModule({ name: 'test-metered', beans: [SocketNamespaceMetered] });

/** The value of one sample line of a Prometheus text exposition, e.g. `a_socket_connections{namespace="/"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find(candidate => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let server: ITestServer;
  const clients: TestClient[] = [];

  async function connect(path: string): Promise<TestClient> {
    const client = new TestClient(server.wsUrl(path));
    clients.push(client);
    await client.ready();
    return client;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await server.close();
  });

  test('connections per namespace and the opened/closed totals are exposed in Prometheus text format', async () => {
    server = await startTestServer({ modules: [moduleMetered] });
    await connect('/ws');
    await connect('/ws/metered');
    const leaving = await connect('/ws/metered');
    await leaving.close();
    await waitFor(() => server.app.registry.size === 2);
    const text = await server.app.metrics.text();
    expect(server.app.metrics.contentType).toContain('text/plain');
    expect(sample(text, 'a_socket_connections{namespace="/"}')).toBe(1);
    expect(sample(text, 'a_socket_connections{namespace="/metered"}')).toBe(1);
    expect(sample(text, 'a_socket_connections_opened_total')).toBe(3);
    expect(sample(text, 'a_socket_connections_closed_total')).toBe(1);
  });

  test('counters keep growing across scrapes and each app has its own registry', async () => {
    server = await startTestServer({ modules: [moduleMetered] });
    const other = await startTestServer({ modules: [moduleMetered] });
    try {
      await connect('/ws');
      expect(sample(await server.app.metrics.text(), 'a_socket_connections_opened_total')).toBe(1);
      await connect('/ws');
      expect(sample(await server.app.metrics.text(), 'a_socket_connections_opened_total')).toBe(2);
      expect(sample(await other.app.metrics.text(), 'a_socket_connections_opened_total')).toBe(0);
    } finally {
      await other.close();
    }
  });
});
