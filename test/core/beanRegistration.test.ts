import {
  Bean,
  BeanBase,
  defineModule,
  Service,
  SocketConnection,
  SocketPacket,
  type IModule,
} from '../../src/index.js';
import { collectBeanRegistrations } from '../../src/core/beanRegistration.js';

@SocketConnection({ dependencies: 'demo:b', enable: true })
class SocketConnectionA extends BeanBase {}

@SocketConnection({ name: 'b' })
class SocketConnectionSomethingElse extends BeanBase {}

@SocketPacket()
class SocketPacketA extends BeanBase {}

@Service()
class ServiceChat {}

@Bean()
class BeanOther {}

describe('collectBeanRegistrations', () => {
  test('reads names, scene and options of every bean in registration order', () => {
    const records = collectBeanRegistrations([
      defineModule({ name: 'demo', beans: [SocketConnectionA, SocketConnectionSomethingElse, ServiceChat] }),
      defineModule({ name: 'other', beans: [BeanOther] }),
    ]);
    expect(records.map(({ beanClass: _beanClass, ...rest }) => rest)).toEqual([
      {
        moduleName: 'demo',
        scene: 'socketConnection',
        beanName: 'a',
        fullName: 'demo.socketConnection.a',
        onionName: 'demo:a',
        options: { dependencies: 'demo:b', enable: true },
      },
      {
        moduleName: 'demo',
        scene: 'socketConnection',
        beanName: 'b',
        fullName: 'demo.socketConnection.b',
        onionName: 'demo:b',
        options: {},
      },
      {
        moduleName: 'demo',
        scene: 'service',
        beanName: 'chat',
        fullName: 'demo.service.chat',
        onionName: 'demo:chat',
        options: {},
      },
      {
        moduleName: 'other',
        scene: 'bean',
        beanName: 'other',
        fullName: 'other.bean.other',
        onionName: 'other:other',
        options: {},
      },
    ]);
    expect(records.map(record => record.beanClass)).toEqual([
      SocketConnectionA,
      SocketConnectionSomethingElse,
      ServiceChat,
      BeanOther,
    ]);
  });

  test('a connection onion and a packet onion may share a bean name: their full names differ by scene', () => {
    const records = collectBeanRegistrations([
      defineModule({ name: 'demo', beans: [SocketConnectionA, SocketPacketA] }),
    ]);
    expect(records.map(record => record.fullName)).toEqual(['demo.socketConnection.a', 'demo.socketPacket.a']);
    expect(records.map(record => record.onionName)).toEqual(['demo:a', 'demo:a']);
  });

  test('an undecorated class is rejected with BEAN_INVALID naming the class and its module', () => {
    class NotABean {}
    expect(() =>
      collectBeanRegistrations([defineModule({ name: 'demo', beans: [SocketConnectionA, NotABean] })]),
    ).toThrow(
      expect.objectContaining({
        code: 'BEAN_INVALID',
        message: expect.stringMatching(/NotABean in module "demo" is not a bean/),
      }),
    );
  });

  test('an undecorated subclass of a bean is rejected too', () => {
    class SocketConnectionSub extends SocketConnectionA {}
    expect(() => collectBeanRegistrations([defineModule({ name: 'demo', beans: [SocketConnectionSub] })])).toThrow(
      expect.objectContaining({ code: 'BEAN_INVALID', message: expect.stringContaining('SocketConnectionSub') }),
    );
  });

  test('a missing class (undefined, as from an import cycle) is rejected with BEAN_INVALID naming the module', () => {
    const module = { name: 'demo', beans: [undefined] } as unknown as IModule;
    expect(() => collectBeanRegistrations([module])).toThrow(
      expect.objectContaining({ code: 'BEAN_INVALID', message: expect.stringContaining('module "demo"') }),
    );
  });

  test('a module name registered twice is rejected with MODULE_INVALID naming it', () => {
    expect(() =>
      collectBeanRegistrations([
        defineModule({ name: 'demo', beans: [SocketConnectionA] }),
        defineModule({ name: 'demo', beans: [ServiceChat] }),
      ]),
    ).toThrow(expect.objectContaining({ code: 'MODULE_INVALID', message: expect.stringContaining('"demo"') }));
  });

  test('the same class listed twice is rejected with BEAN_DUPLICATE, also across modules', () => {
    expect(() => collectBeanRegistrations([defineModule({ name: 'demo', beans: [ServiceChat, ServiceChat] })])).toThrow(
      expect.objectContaining({ code: 'BEAN_DUPLICATE', message: expect.stringContaining('ServiceChat') }),
    );
    expect(() =>
      collectBeanRegistrations([
        defineModule({ name: 'demo', beans: [ServiceChat] }),
        defineModule({ name: 'other', beans: [ServiceChat] }),
      ]),
    ).toThrow(expect.objectContaining({ code: 'BEAN_DUPLICATE', message: expect.stringContaining('"other"') }));
  });

  test('two classes with the same full name are rejected with BEAN_DUPLICATE naming both classes', () => {
    @SocketConnection({ name: 'a' })
    class SocketConnectionClash extends BeanBase {}
    expect(() =>
      collectBeanRegistrations([defineModule({ name: 'demo', beans: [SocketConnectionA, SocketConnectionClash] })]),
    ).toThrow(
      expect.objectContaining({
        code: 'BEAN_DUPLICATE',
        message: expect.stringMatching(/"demo\.socketConnection\.a".*SocketConnectionA.*SocketConnectionClash/),
      }),
    );
  });

  test('the same bean name in two modules is fine', () => {
    @SocketConnection({ name: 'a' })
    class SocketConnectionOtherA extends BeanBase {}
    const records = collectBeanRegistrations([
      defineModule({ name: 'demo', beans: [SocketConnectionA] }),
      defineModule({ name: 'other', beans: [SocketConnectionOtherA] }),
    ]);
    expect(records.map(record => record.onionName)).toEqual(['demo:a', 'other:a']);
  });
});
