import { afterEach, describe, expect, test } from '@jest/globals';
import { BeanSocketNamespaceBase, defineModule, SocketNamespace } from '../../src/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { TestClient } from '../support/wsClient.js';

@SocketNamespace({ namespace: '/ssrhmr' })
class SocketNamespaceSsrHmr extends BeanSocketNamespaceBase<{ reload: { at: number } }> {}

@SocketNamespace({ namespace: '/a/b' })
class SocketNamespaceNested extends BeanSocketNamespaceBase {}

const moduleRouting = defineModule({ name: 'test-routing', beans: [SocketNamespaceSsrHmr, SocketNamespaceNested] });

describe('namespace routing', () => {
  let server: ITestServer;
  const clients: TestClient[] = [];
  const connect = (path: string) => {
    const client = new TestClient(server.wsUrl(path));
    clients.push(client);
    return client;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await server.close();
  });

  test('/ws is the root namespace and sysReady carries the connection id', async () => {
    server = await startTestServer({ modules: [moduleRouting] });
    const client = connect('/ws');
    const id = await client.ready();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.app.registry.get(id)?.namespace).toBe('/');
    expect(client.frames[0]).toBe(`_:["_a",{"id":"${id}"}]`);
  });

  test('/ws/ssrhmr and /ws/a/b reach their declared namespaces', async () => {
    server = await startTestServer({ modules: [moduleRouting] });
    const hmr = connect('/ws/ssrhmr');
    const nested = connect('/ws/a/b/');
    const [hmrId, nestedId] = await Promise.all([hmr.ready(), nested.ready()]);
    expect(server.app.registry.get(hmrId)?.namespace).toBe('/ssrhmr');
    expect(server.app.registry.get(nestedId)?.namespace).toBe('/a/b');
    expect(server.app.registry.counts()).toEqual({ '/ssrhmr': 1, '/a/b': 1 });
  });

  test('an undeclared namespace is refused with HTTP 404 before any WebSocket exists', async () => {
    server = await startTestServer({ modules: [moduleRouting] });
    const client = connect('/ws/nowhere');
    await expect(client.opened).rejects.toThrow('unexpected response 404');
    expect(server.app.registry.total).toBe(0);
  });
});
