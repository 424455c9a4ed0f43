import http from 'node:http';
import { describe, expect, test } from '@jest/globals';
import { BeanSocketNamespaceBase, defineModule, SocketNamespace } from '../../src/index.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';

@SocketNamespace({ namespace: '/ssrhmr' })
class SocketNamespaceSsrHmr extends BeanSocketNamespaceBase<{ reload: { at: number } }> {}

@SocketNamespace({ namespace: '/a/b' })
class SocketNamespaceNested extends BeanSocketNamespaceBase {}

@SocketNamespace({ namespace: '/chat' })
class SocketNamespaceChat extends BeanSocketNamespaceBase {}

@SocketNamespace({ namespace: '/caf%C3%A9' })
class SocketNamespaceEncoded extends BeanSocketNamespaceBase {}

const moduleRouting = defineModule({
  name: 'test-routing',
  beans: [SocketNamespaceSsrHmr, SocketNamespaceNested, SocketNamespaceChat, SocketNamespaceEncoded],
});

/** The status an upgrade request for `path`, sent as written, is answered with (101: upgraded). */
function upgradeStatus(port: number, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
      },
    });
    request.on('response', response => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('namespace routing', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();
  const connect = (path: string) => fixture.client(server.wsUrl(path));

  test('/ws is the root namespace and sysReady carries the connection id', async () => {
    server = await fixture.start({ modules: [moduleRouting] });
    const client = connect('/ws');
    const id = await client.ready();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.app.registry.get(id)?.namespace).toBe('/');
    expect(client.frames[0]).toBe(`_:["_a",{"id":"${id}"}]`);
  });

  test('/ws/ssrhmr and /ws/a/b reach their declared namespaces', async () => {
    server = await fixture.start({ modules: [moduleRouting] });
    const hmr = connect('/ws/ssrhmr');
    const nested = connect('/ws/a/b/');
    const [hmrId, nestedId] = await Promise.all([hmr.ready(), nested.ready()]);
    expect(server.app.registry.get(hmrId)?.namespace).toBe('/ssrhmr');
    expect(server.app.registry.get(nestedId)?.namespace).toBe('/a/b');
    expect(server.app.registry.counts()).toEqual({ '/ssrhmr': 1, '/a/b': 1 });
  });

  test('an undeclared namespace is refused with HTTP 404 before any WebSocket exists', async () => {
    server = await fixture.start({ modules: [moduleRouting] });
    const client = connect('/ws/nowhere');
    await expect(client.opened).rejects.toThrow('unexpected response 404');
    expect(server.app.registry.total).toBe(0);
  });

  test.each([
    '/ws/ssrhmr/%2e%2e/chat',
    '/ws/ssrhmr/%2E%2e/chat',
    '/ws/ssrhmr/.%2e/chat',
    '/ws/ssrhmr/../chat',
    '/ws/./chat',
    '/ws/x\\..\\chat',
    '/ws/x%5c..%5Cchat',
    '/ws/ssrhmr%2f..%2fchat',
    '/ws//chat',
    '/ws/chat?x=1#/../ssrhmr',
  ])(
    'an upgrade to %s (a dot segment, a backslash, an encoded separator, an empty segment or a fragment) is refused with HTTP 400, though a URL parser would read a declared namespace in it',
    async path => {
      server = await fixture.start({ modules: [moduleRouting] });
      expect(await upgradeStatus(server.port, path)).toBe(400);
      expect(server.app.registry.size).toBe(0);
      await connect('/ws/chat').ready();
    },
  );

  test('a percent-encoded namespace is compared as sent: /ws/caf%C3%A9 reaches the namespace declared as /caf%C3%A9, /ws/%63hat is not /chat', async () => {
    server = await fixture.start({ modules: [moduleRouting] });
    expect(await upgradeStatus(server.port, '/ws/%63hat')).toBe(404);
    const id = await connect('/ws/caf%C3%A9').ready();
    expect(server.app.registry.get(id)?.namespace).toBe('/caf%C3%A9');
  });
});
