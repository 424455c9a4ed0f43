import { inject } from 'inversify';
import {
  Bean,
  BeanBase,
  createApp,
  createConsoleLogger,
  defineModule,
  Service,
  SocketApp,
  SocketConnection,
  type IPassportVerifier,
  type ISocketAppOptions,
} from '../src/index.js';
import { defaultSocketConfig } from '../src/config.js';
import { ServiceOnion } from '../src/service/onion.js';
import { thrownBy } from './support/thrownBy.js';

const silent = createConsoleLogger('silent');
const appWith = (options: ISocketAppOptions = {}) => createApp({ logger: silent, ...options });

@Service()
class ServiceCounter {
  count = 0;
}

@SocketConnection({ name: 'guard' })
class SocketConnectionSomething extends BeanBase {
  enter() {}
}

@Bean()
class BeanStore extends BeanBase {
  readonly items: string[] = [];
}

@Service()
class ServiceUsesStore extends BeanBase {
  constructor(
    @inject(BeanStore) readonly store: BeanStore,
    @inject('demo.service.counter') readonly counter: ServiceCounter,
  ) {
    super();
  }
}

const demo = defineModule({
  name: 'demo',
  beans: [ServiceCounter, SocketConnectionSomething, BeanStore, ServiceUsesStore],
});

describe('SocketApp: registration', () => {
  test('createApp returns a SocketApp with the built-in a-socket module first, then the given modules in order', () => {
    const other = defineModule({ name: 'other', beans: [] });
    const app = appWith({ modules: [demo, other] });
    expect(app).toBeInstanceOf(SocketApp);
    expect(app.beans[0]).toMatchObject({ moduleName: 'a-socket', fullName: 'a-socket.bean.socket' });
    expect(app.beans.filter(bean => bean.moduleName === 'demo').map(bean => bean.fullName)).toEqual([
      'demo.service.counter',
      'demo.socketConnection.guard',
      'demo.bean.store',
      'demo.service.usesStore',
    ]);
    expect(app.scope('other').name).toBe('other');
  });

  test('a bean is a singleton: by class and by full name it is the same instance', () => {
    const app = appWith({ modules: [demo] });
    const byClass = app.bean(ServiceCounter);
    expect(byClass).toBeInstanceOf(ServiceCounter);
    expect(app.bean(ServiceCounter)).toBe(byClass);
    expect(app.bean('demo.service.counter')).toBe(byClass);
    byClass.count = 3;
    expect(app.bean<ServiceCounter>('demo.service.counter').count).toBe(3);
  });

  test('an explicit name wins over the class name in the full name', () => {
    const app = appWith({ modules: [demo] });
    expect(app.bean('demo.socketConnection.guard')).toBe(app.bean(SocketConnectionSomething));
    expect(() => app.bean('demo.socketConnection.something')).toThrow(
      expect.objectContaining({ code: 'BEAN_NOT_FOUND' }),
    );
  });

  test('the built-in ServiceOnion is bound as a-socket.service.onion', () => {
    const app = appWith();
    expect(app.bean('a-socket.service.onion')).toBe(app.bean(ServiceOnion));
  });

  test('constructor injection with @inject(OtherClass) and @inject(fullName) gets the same singletons', () => {
    const app = appWith({ modules: [demo] });
    const user = app.bean(ServiceUsesStore);
    expect(user.store).toBe(app.bean(BeanStore));
    expect(user.counter).toBe(app.bean(ServiceCounter));
  });

  test('an unknown full name or an unregistered class is BEAN_NOT_FOUND naming it', () => {
    const app = appWith();
    expect(thrownBy(() => app.bean('demo.service.nope')).message).toContain('"demo.service.nope"');
    const error = thrownBy(() => app.bean(ServiceCounter));
    expect(error.code).toBe('BEAN_NOT_FOUND');
    expect(error.message).toContain('ServiceCounter');
  });

  test('an unknown module scope is BEAN_NOT_FOUND naming the module', () => {
    const error = thrownBy(() => appWith().scope('nope'));
    expect(error.code).toBe('BEAN_NOT_FOUND');
    expect(error.message).toContain('"nope"');
  });

  test('an undecorated class in a module fails createApp with BEAN_INVALID naming the class and the module', () => {
    class Forgotten extends BeanBase {}
    const error = thrownBy(() => appWith({ modules: [defineModule({ name: 'demo-chat', beans: [Forgotten] })] }));
    expect(error.code).toBe('BEAN_INVALID');
    expect(error.message).toContain('Forgotten');
    expect(error.message).toContain('"demo-chat"');
  });

  test('two modules with the same name fail createApp with MODULE_INVALID', () => {
    const error = thrownBy(() =>
      appWith({ modules: [defineModule({ name: 'demo', beans: [] }), defineModule({ name: 'demo', beans: [] })] }),
    );
    expect(error.code).toBe('MODULE_INVALID');
    expect(error.message).toContain('"demo"');
  });

  test('a user module may not take the built-in name a-socket', () => {
    expect(thrownBy(() => appWith({ modules: [defineModule({ name: 'a-socket', beans: [] })] })).code).toBe(
      'MODULE_INVALID',
    );
  });

  test('two beans with the same full name fail createApp with BEAN_DUPLICATE', () => {
    @Service({ name: 'counter' })
    class ServiceOtherCounter {}
    const error = thrownBy(() =>
      appWith({ modules: [defineModule({ name: 'demo', beans: [ServiceCounter, ServiceOtherCounter] })] }),
    );
    expect(error.code).toBe('BEAN_DUPLICATE');
    expect(error.message).toContain('"demo.service.counter"');
  });

  test('two apps in one process have their own containers and instances', () => {
    const first = appWith({ modules: [demo] });
    const second = appWith({ modules: [demo] });
    expect(first.bean(ServiceCounter)).not.toBe(second.bean(ServiceCounter));
    expect(first.bean(ServiceOnion)).not.toBe(second.bean(ServiceOnion));
  });
});

describe('SocketApp: config', () => {
  test("a module's scope config is its defaults deep-merged with config.modules[name]", () => {
    const chat = defineModule({
      name: 'demo-chat',
      beans: [],
      config: { greeting: 'hi', limits: { rooms: 10, users: 100 }, banned: ['x', 'y'] },
    });
    const app = appWith({
      modules: [chat],
      config: { modules: { 'demo-chat': { limits: { users: 5 }, banned: ['z'] } } },
    });
    expect(app.scope('demo-chat').config).toEqual({ greeting: 'hi', limits: { rooms: 10, users: 5 }, banned: ['z'] });
  });

  test('without app config a module gets its defaults, and a module without defaults gets an empty object', () => {
    const app = appWith({
      modules: [defineModule({ name: 'plain', beans: [] }), defineModule({ name: 'x', beans: [], config: { a: 1 } })],
    });
    expect(app.scope('plain').config).toEqual({});
    expect(app.scope('x').config).toEqual({ a: 1 });
  });

  test("the a-socket module's config is the documented defaults with the app's overrides", () => {
    const app = appWith({ config: { modules: { 'a-socket': { timeout: { ping: 50 }, cors: { origins: ['a'] } } } } });
    expect(app.scope('a-socket').config).toEqual({
      ...defaultSocketConfig(),
      timeout: { ...defaultSocketConfig().timeout, ping: 50 },
      cors: { origins: ['a'] },
    });
    expect(appWith().scope('a-socket').config).toEqual(defaultSocketConfig());
  });

  test('two apps with different module config each see their own', () => {
    const chat = defineModule({ name: 'demo-chat', beans: [], config: { greeting: 'hi' } });
    const first = appWith({ modules: [chat], config: { modules: { 'demo-chat': { greeting: 'one' } } } });
    const second = appWith({ modules: [chat], config: { modules: { 'demo-chat': { greeting: 'two' } } } });
    expect(first.scope('demo-chat').config).toEqual({ greeting: 'one' });
    expect(second.scope('demo-chat').config).toEqual({ greeting: 'two' });
    expect(chat.config).toEqual({ greeting: 'hi' });
  });

  test('mode is config.mode when given, NODE_ENV or production otherwise', () => {
    expect(appWith({ config: { mode: 'development' } }).config.mode).toBe('development');
    expect(appWith().config.mode).toBe(process.env.NODE_ENV ?? 'production');
  });

  test('onion overrides default to none', () => {
    expect(appWith().config.onions).toEqual({});
  });
});

describe('SocketApp: state and plug-ins', () => {
  test('a new app is created, not ready, and keeps the given plug-ins, logger and worker id', () => {
    const passport: IPassportVerifier = { verify: () => ({ anonymous: true }) };
    const app = appWith({ workerId: 'w1', passport });
    expect(app.lifecycle).toBe('created');
    expect(app.isReady).toBe(false);
    expect(app.workerId).toBe('w1');
    expect(app.logger).toBe(silent);
    expect(app.plugins.passport).toBe(passport);
  });

  test('isReady follows the lifecycle and the host check', () => {
    let hostReady = false;
    const app = appWith({ isReady: () => hostReady });
    app.lifecycle = 'ready';
    expect(app.isReady).toBe(false);
    hostReady = true;
    expect(app.isReady).toBe(true);
    app.lifecycle = 'closing';
    expect(app.isReady).toBe(false);
  });

  test('without a logger, the app logs at A_SOCKET_LOG_LEVEL when set', () => {
    const saved = process.env.A_SOCKET_LOG_LEVEL;
    const original = console.error;
    const seen: unknown[] = [];
    console.error = (...args: unknown[]) => seen.push(args);
    try {
      process.env.A_SOCKET_LOG_LEVEL = 'silent';
      createApp().logger.error('hidden');
      process.env.A_SOCKET_LOG_LEVEL = 'error';
      createApp().logger.error('shown');
    } finally {
      console.error = original;
      if (saved === undefined) delete process.env.A_SOCKET_LOG_LEVEL;
      else process.env.A_SOCKET_LOG_LEVEL = saved;
    }
    expect(seen).toEqual([['[a-socket] shown']]);
  });

  test('each app gets its own random worker id by default', () => {
    expect(appWith().workerId).not.toBe(appWith().workerId);
  });
});

describe('regressions', () => {
  test('app.bean(Class) is typed as an instance of that class, so app.bean(ServiceOnion).inspect(...) compiles', () => {
    const app = appWith({ modules: [defineModule({ name: 'demo', beans: [ServiceCounter] })] });
    const counter: ServiceCounter = app.bean(ServiceCounter);
    counter.count++;
    expect(app.bean(ServiceCounter).count).toBe(1);
    expect(
      app
        .bean(ServiceOnion)
        .inspect('socketConnection', '/')
        .filter(name => name.startsWith('demo:')),
    ).toEqual([]);
  });
});
