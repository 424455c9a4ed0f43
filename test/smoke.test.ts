import { BeanBase, createApp, defineModule, SocketConnection, type ISocketConnectionExecute } from '../src/index.js';

@SocketConnection({ dependencies: 'a-socket:x' })
class SocketConnectionY extends BeanBase implements ISocketConnectionExecute {}
@SocketConnection()
class SocketConnectionX extends BeanBase implements ISocketConnectionExecute {}

test('smoke', () => {
  const app = createApp({ modules: [defineModule({ name: 'a-socket-test', beans: [SocketConnectionY, SocketConnectionX] })] });
  expect(app.bean('a-socket-test.socketConnection.y')).toBeInstanceOf(SocketConnectionY);
});
