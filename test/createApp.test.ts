import { describe, expect, test } from '@jest/globals';
import { inject } from 'inversify';
import {
  ASocketError,
  BeanBase,
  BeanSocketNamespaceBase,
  createApp,
  createConsoleLogger,
  defineModule,
  SocketConnection,
  SocketNamespace,
  SocketPacket,
  type IModule,
} from '../src/index.js';

/** createApp with `modules`, returning the ASocketError it throws. */
function startupError(...modules: IModule[]): ASocketError {
  try {
    createApp({ modules, logger: createConsoleLogger('silent') });
  } catch (error) {
    expect(error).toBeInstanceOf(ASocketError);
    return error as ASocketError;
  }
  throw new Error('createApp did not throw');
}

describe('a module that fails to register is a clear start-up error from createApp', () => {
  test('an undecorated bean: BEAN_INVALID naming the class, the module and the decorators to use', () => {
    class SocketConnectionForgotten extends BeanBase {}
    const error = startupError(defineModule({ name: 'shop', beans: [SocketConnectionForgotten] }));
    expect(error.code).toBe('BEAN_INVALID');
    expect(error.message).toBe(
      'SocketConnectionForgotten in module "shop" is not a bean: decorate it with @Bean, @Service, @SocketNamespace, @SocketConnection or @SocketPacket',
    );
  });

  test('an onion cycle through a built-in: ONION_CYCLE naming every onion on it', () => {
    @SocketConnection({ dependencies: 'a-socket:ready', dependents: 'a-socket:passport' })
    class SocketConnectionLoop extends BeanBase {}
    const error = startupError(defineModule({ name: 'shop', beans: [SocketConnectionLoop] }));
    expect(error.code).toBe('ONION_CYCLE');
    expect(error.message).toBe(
      'Circular onion dependency: a-socket:ready -> shop:loop -> a-socket:passport -> a-socket:ready',
    );
  });

  test('a dependency on an unknown onion: ONION_UNKNOWN naming both', () => {
    @SocketPacket({ dependencies: 'a-socket:evnet' })
    class SocketPacketTypo extends BeanBase {}
    const error = startupError(defineModule({ name: 'shop', beans: [SocketPacketTypo] }));
    expect(error.code).toBe('ONION_UNKNOWN');
    expect(error.message).toBe('Unknown onion "a-socket:evnet" in dependencies of "shop:typo"');
  });

  test.each(['chat', '/chat/', '/chat?x', '/a b', ''])(
    'an invalid namespace %j: NAMESPACE_INVALID naming it',
    namespace => {
      @SocketNamespace({ namespace })
      class SocketNamespaceBad extends BeanSocketNamespaceBase {}
      const error = startupError(defineModule({ name: 'shop', beans: [SocketNamespaceBad] }));
      expect(error.code).toBe('NAMESPACE_INVALID');
      expect(error.message).toBe(
        `SocketNamespaceBad declares namespace ${JSON.stringify(namespace)}: use a path like "/" or "/chat"`,
      );
    },
  );

  test('one namespace declared by two modules: NAMESPACE_DUPLICATE naming both beans', () => {
    @SocketNamespace({ namespace: '/chat' })
    class SocketNamespaceChat extends BeanSocketNamespaceBase {}
    @SocketNamespace({ namespace: '/chat', name: 'chat2' })
    class SocketNamespaceChatAgain extends BeanSocketNamespaceBase {}
    const error = startupError(
      defineModule({ name: 'shop', beans: [SocketNamespaceChat] }),
      defineModule({ name: 'blog', beans: [SocketNamespaceChatAgain] }),
    );
    expect(error.code).toBe('NAMESPACE_DUPLICATE');
    expect(error.message).toContain('SocketNamespaceChat and SocketNamespaceChatAgain');
  });

  test('an invalid module name fails at defineModule, before createApp', () => {
    expect(() => defineModule({ name: 'Shop_1', beans: [] })).toThrow(
      'Module name "Shop_1" is invalid: use lower-case letters, digits and dashes, like "demo-chat"',
    );
  });

  test('an onion whose injected dependency is not bound fails appReady naming the onion, not every connection', async () => {
    @SocketConnection({})
    class SocketConnectionNeedsMailer extends BeanBase {
      constructor(@inject('shop.service.mailer') readonly mailer: object) {
        super();
      }
    }
    const app = createApp({
      modules: [defineModule({ name: 'shop', beans: [SocketConnectionNeedsMailer] })],
      logger: createConsoleLogger('silent'),
    });
    const failure = await app.appReady().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ASocketError);
    expect((failure as ASocketError).code).toBe('BEAN_INVALID');
    expect((failure as ASocketError).message).toContain(
      'Onion "shop:needsMailer" (SocketConnectionNeedsMailer) cannot be created',
    );
    expect((failure as ASocketError).message).toContain('shop.service.mailer');
  });

  test("an onion whose constructor throws fails appReady with BEAN_INVALID keeping the constructor's error as its cause", async () => {
    const broken = new Error('no SMTP host configured');
    @SocketConnection({})
    class SocketConnectionBroken extends BeanBase {
      constructor() {
        super();
        throw broken;
      }
    }
    const app = createApp({
      modules: [defineModule({ name: 'shop', beans: [SocketConnectionBroken] })],
      logger: createConsoleLogger('silent'),
    });
    const failure = await app.appReady().then(
      () => undefined,
      (error: unknown) => error as ASocketError,
    );
    expect(failure?.code).toBe('BEAN_INVALID');
    expect(failure?.message).toContain('Onion "shop:broken" (SocketConnectionBroken) cannot be created');
    expect(failure?.cause).toBe(broken);
  });
});
