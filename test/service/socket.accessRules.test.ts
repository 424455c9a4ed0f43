import { describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  BeanSocketNamespaceBase,
  defineModule,
  SocketCloseError,
  SocketConnection,
  SocketNamespace,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { expiringPassport } from '../support/expiringPassport.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';

@SocketNamespace({ namespace: '/admin' })
class SocketNamespaceAdmin extends BeanSocketNamespaceBase {}

/** Per-namespace access rule: on /admin only root gets in. It runs after the identity is known. */
@SocketConnection({ match: '/admin', dependencies: 'a-socket:passportExpiry', dependents: 'a-socket:ready' })
class SocketConnectionAdminOnly extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    if (ws.ctx.user?.name !== 'root') throw new SocketCloseError(1008, 'admins only');
    return next();
  }
}

const moduleAdmin = defineModule({ name: 'test-admin', beans: [SocketNamespaceAdmin, SocketConnectionAdminOnly] });

describe('per-namespace access rules through match on a user onion', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();
  const connect = (path: string, code?: string) =>
    fixture.client(server.wsUrl(code ? `${path}?x-vona-passport-code=${code}` : path));

  test('/admin closes 1008 unless the user is root; other namespaces do not run the rule', async () => {
    server = await fixture.start({ modules: [moduleAdmin], passport: expiringPassport });
    expect(server.app.onion.inspect('socketConnection', '/')).not.toContain('test-admin:adminOnly');
    expect(await connect('/ws/admin', 'valid:alice').closed).toEqual({ code: 1008, reason: 'admins only' });
    expect(await connect('/ws/admin').closed).toEqual({ code: 1008, reason: 'admins only' });
    await connect('/ws/admin', 'valid:root').ready();
    await connect('/ws', 'valid:alice').ready();
  });

  test('an identity refresh cannot escalate past the rule: another user closes the connection', async () => {
    server = await fixture.start({ modules: [moduleAdmin], passport: expiringPassport });
    const alice = connect('/ws', 'valid:alice');
    await alice.ready();
    alice.sendEvent('sysPassportRefresh', { code: 'valid:root' });
    expect(await alice.closed).toEqual({ code: 1008, reason: 'a passport refresh must keep the same user' });
  });
});
