import { beanFullName, deriveBeanName, onionName } from '../../src/core/beanName.js';

describe('deriveBeanName', () => {
  test.each([
    ['socketConnection', 'SocketConnectionAlive', 'alive'],
    ['socketConnection', 'SocketConnectionPerformAction', 'performAction'],
    ['socketNamespace', 'SocketNamespaceSsrHmr', 'ssrHmr'],
    ['socketPacket', 'SocketPacketEvent', 'event'],
    ['bean', 'BeanSsrHmr', 'ssrHmr'],
    ['service', 'ServiceSocket', 'socket'],
  ] as const)('%s %s → %s', (scene, className, expected) => {
    expect(deriveBeanName(scene, className)).toBe(expected);
  });

  test('a class without its scene prefix keeps its name, first letter lower-cased', () => {
    expect(deriveBeanName('service', 'Chat')).toBe('chat');
    expect(deriveBeanName('bean', 'SocketConnectionAlive')).toBe('socketConnectionAlive');
  });

  test('a class named exactly like the prefix keeps its name', () => {
    expect(deriveBeanName('service', 'Service')).toBe('service');
    expect(deriveBeanName('socketConnection', 'SocketConnection')).toBe('socketConnection');
  });
});

describe('full and onion names', () => {
  test('the full name is <module>.<scene>.<bean>', () => {
    expect(beanFullName('a-socket', 'socketConnection', 'alive')).toBe('a-socket.socketConnection.alive');
  });

  test('the onion name is <module>:<bean>', () => {
    expect(onionName('a-socket', 'alive')).toBe('a-socket:alive');
    expect(onionName('demo-chat', 'ssrHmr')).toBe('demo-chat:ssrHmr');
  });
});

describe('regressions', () => {
  test('a class whose name merely begins with the prefix letters (Beanstalk, Services) keeps its whole name', () => {
    expect(deriveBeanName('bean', 'Beanstalk')).toBe('beanstalk');
    expect(deriveBeanName('service', 'Services')).toBe('services');
    expect(deriveBeanName('service', 'Serviceability')).toBe('serviceability');
    expect(deriveBeanName('socketPacket', 'SocketPackets')).toBe('socketPackets');
  });
});
