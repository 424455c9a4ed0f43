import { Container } from 'inversify';
import { Bean, BeanBase, Service, SocketConnection, SocketNamespace, SocketPacket } from '../../src/index.js';
import { getBeanMetadata } from '../../src/core/metadata.js';

@SocketConnection({ name: 'guard', dependencies: 'a-socket:cors', match: /^\/chat/, meta: { mode: 'dev' } })
class SocketConnectionX extends BeanBase {}

@SocketPacket()
class SocketPacketY extends BeanBase {}

@SocketNamespace({ namespace: '/chat' })
class SocketNamespaceChat extends BeanBase {}

@Service()
class ServiceZ {}

@Bean({ name: 'helper' })
class BeanHelper {}

describe('decorators record metadata', () => {
  test('each decorator records its scene', () => {
    expect(getBeanMetadata(SocketConnectionX)?.scene).toBe('socketConnection');
    expect(getBeanMetadata(SocketPacketY)?.scene).toBe('socketPacket');
    expect(getBeanMetadata(SocketNamespaceChat)?.scene).toBe('socketNamespace');
    expect(getBeanMetadata(ServiceZ)?.scene).toBe('service');
    expect(getBeanMetadata(BeanHelper)?.scene).toBe('bean');
  });

  test('the name option is recorded as the name and kept out of the options', () => {
    expect(getBeanMetadata(SocketConnectionX)).toEqual({
      scene: 'socketConnection',
      name: 'guard',
      options: { dependencies: 'a-socket:cors', match: /^\/chat/, meta: { mode: 'dev' } },
    });
    expect(getBeanMetadata(BeanHelper)).toEqual({ scene: 'bean', name: 'helper', options: {} });
  });

  test('without options the name is left to derivation and the options are empty', () => {
    expect(getBeanMetadata(SocketPacketY)).toEqual({ scene: 'socketPacket', name: undefined, options: {} });
  });

  test('namespace options are recorded as given', () => {
    expect(getBeanMetadata(SocketNamespaceChat)?.options).toEqual({ namespace: '/chat' });
  });

  test('an undecorated subclass of a bean is not a bean itself', () => {
    class SocketConnectionSub extends SocketConnectionX {}
    expect(getBeanMetadata(SocketConnectionSub)).toBeUndefined();
  });

  test('an undecorated class has no metadata', () => {
    class Plain {}
    expect(getBeanMetadata(Plain)).toBeUndefined();
  });

  test('a decorated class is injectable in a bare inversify container (no a-socket app needed)', () => {
    const container = new Container();
    container.bind(ServiceZ).toSelf();
    expect(container.get(ServiceZ)).toBeInstanceOf(ServiceZ);
  });
});
