import {
  BeanBase,
  createApp,
  createConsoleLogger,
  defineModule,
  SocketConnection,
  SocketPacket,
  type BeanClass,
  type IAppConfig,
  type ISocketAppOptions,
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type ISocketWebSocket,
  type SocketConnectionNext,
  type SocketPacketNext,
} from '../../src/index.js';
import { moduleASocket } from '../../src/module.js';
import { ServiceOnion } from '../../src/service/onion.js';
import { collectBeanRegistrations } from '../../src/core/beanRegistration.js';
import { thrownBy } from '../support/thrownBy.js';

// Onions are made per test by factories, so every test registers fresh classes in its own app.

interface ICall {
  onion: string;
  method: 'enter' | 'exit' | 'execute';
  ws: unknown;
  options: unknown;
  data?: unknown;
}
let calls: ICall[] = [];
beforeEach(() => {
  calls = [];
});

type ConnectionOptions = ISocketConnectionOptions & { name?: string } & Record<string, unknown>;

function connectionOnion(name: string, options: ConnectionOptions = {}, behaviour: { stop?: boolean } = {}): BeanClass {
  @SocketConnection({ name, ...options })
  class SocketConnectionMade extends BeanBase implements ISocketConnectionExecute {
    async enter(ws: ISocketWebSocket, opts: ISocketConnectionOptions, next: SocketConnectionNext) {
      calls.push({ onion: name, method: 'enter', ws, options: opts });
      if (behaviour.stop) return 'refused';
      return next();
    }
    async exit(ws: ISocketWebSocket, opts: ISocketConnectionOptions, next: SocketConnectionNext) {
      calls.push({ onion: name, method: 'exit', ws, options: opts });
      return next();
    }
  }
  return SocketConnectionMade;
}

function packetOnion(
  name: string,
  options: ISocketPacketOptions = {},
  transform?: (data: unknown) => unknown,
): BeanClass {
  @SocketPacket({ name, ...options })
  class SocketPacketMade extends BeanBase implements ISocketPacketExecute {
    execute(data: unknown, ws: ISocketWebSocket, opts: ISocketPacketOptions, next: SocketPacketNext) {
      calls.push({ onion: name, method: 'execute', ws, options: opts, data });
      return transform ? next(transform(data)) : next();
    }
  }
  return SocketPacketMade;
}

const logger = createConsoleLogger('silent');

function appOf(beans: BeanClass[], options: ISocketAppOptions = {}) {
  return createApp({
    logger,
    ...options,
    modules: [defineModule({ name: 'demo', beans }), ...(options.modules ?? [])],
  });
}

/** This module's onions in a namespace, in run order: the built-in a-socket ones are being added elsewhere. */
function demoNames(app: ReturnType<typeof appOf>, scene: 'socketConnection' | 'socketPacket', namespace: string) {
  return app
    .bean(ServiceOnion)
    .inspect(scene, namespace)
    .filter(name => name.startsWith('demo:'));
}

/**
 * Turns off the built-in onions DESIGN §4 lists, so the chains run only this file's onions against a fake socket.
 * Overrides for onions that are not registered (yet) are ignored.
 */
/** Every built-in onion switched off (read from the built-in module, so a new built-in is covered too). */
function withoutBuiltIns(onions: IAppConfig['onions'] = {}): IAppConfig['onions'] {
  const off = (scene: 'socketConnection' | 'socketPacket') =>
    Object.fromEntries(
      collectBeanRegistrations([moduleASocket])
        .filter(record => record.scene === scene)
        .map(record => [record.onionName, { enable: false }]),
    );
  return {
    socketConnection: { ...off('socketConnection'), ...onions.socketConnection },
    socketPacket: { ...off('socketPacket'), ...onions.socketPacket },
  };
}

const fakeSocket = (namespace: string) => ({ id: `ws-${namespace}`, namespace }) as unknown as ISocketWebSocket;

const NAMESPACES = ['/', '/chat', '/chat/room', '/ssrhmr', '/admin', '/admin/secret'];

describe('ServiceOnion: order', () => {
  test("onions run in dependency order, registration order where free; a-socket's own onions sort with them", () => {
    const app = appOf([
      connectionOnion('c', { dependencies: ['demo:a', 'demo:b'] }),
      connectionOnion('free'),
      connectionOnion('b', { dependencies: 'demo:a' }),
      connectionOnion('a'),
      connectionOnion('z', { dependents: 'demo:c' }),
    ]);
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:free', 'demo:a', 'demo:b', 'demo:z', 'demo:c']);
  });

  test('onions(scene) lists every onion of the scene with its bean and effective options, disabled ones too', () => {
    const app = appOf([connectionOnion('off', { enable: false }), packetOnion('p')]);
    const onions = app.bean(ServiceOnion).onions('socketConnection');
    const off = onions.find(onion => onion.name === 'demo:off');
    expect(off).toMatchObject({
      name: 'demo:off',
      options: { enable: false },
      bean: { fullName: 'demo.socketConnection.off', scene: 'socketConnection' },
    });
    expect(onions.some(onion => onion.name === 'demo:p')).toBe(false);
    expect(
      app
        .bean(ServiceOnion)
        .onions('socketPacket')
        .map(onion => onion.name),
    ).toContain('demo:p');
  });

  test('onion order of modules registered later can depend on earlier ones and the other way round', () => {
    const app = appOf([connectionOnion('first', { dependencies: 'late:one' })], {
      modules: [defineModule({ name: 'late', beans: [connectionOnion('one')] })],
    });
    const names = app
      .bean(ServiceOnion)
      .inspect('socketConnection', '/')
      .filter(name => name === 'demo:first' || name === 'late:one');
    expect(names).toEqual(['late:one', 'demo:first']);
  });
});

describe('ServiceOnion: selection per namespace', () => {
  test('match as a string restricts an onion to exactly that namespace', () => {
    const app = appOf([connectionOnion('chat', { match: '/chat' }), connectionOnion('all')]);
    for (const namespace of NAMESPACES) {
      expect(demoNames(app, 'socketConnection', namespace)).toEqual(
        namespace === '/chat' ? ['demo:chat', 'demo:all'] : ['demo:all'],
      );
    }
  });

  test('match as a RegExp restricts an onion to the namespaces it matches', () => {
    const app = appOf([connectionOnion('admin', { match: /^\/admin/g })]);
    const where = NAMESPACES.filter(namespace => demoNames(app, 'socketConnection', namespace).length > 0);
    expect(where).toEqual(['/admin', '/admin/secret']);
  });

  test('match as a function restricts an onion to the namespaces it accepts', () => {
    const app = appOf([connectionOnion('deep', { match: namespace => namespace.split('/').length > 2 })]);
    const where = NAMESPACES.filter(namespace => demoNames(app, 'socketConnection', namespace).length > 0);
    expect(where).toEqual(['/chat/room', '/admin/secret']);
  });

  test('ignore (string, RegExp, function, array) keeps an onion out of the namespaces it names', () => {
    const app = appOf([
      connectionOnion('notRoot', { ignore: '/' }),
      connectionOnion('notChat', { ignore: /^\/chat/ }),
      connectionOnion('notShort', { ignore: namespace => namespace.length < 7 }),
      connectionOnion('notEither', { ignore: ['/ssrhmr', /secret$/] }),
    ]);
    const where = (onion: string) =>
      NAMESPACES.filter(namespace => demoNames(app, 'socketConnection', namespace).includes(onion));
    expect(where('demo:notRoot')).toEqual(['/chat', '/chat/room', '/ssrhmr', '/admin', '/admin/secret']);
    expect(where('demo:notChat')).toEqual(['/', '/ssrhmr', '/admin', '/admin/secret']);
    expect(where('demo:notShort')).toEqual(['/chat/room', '/ssrhmr', '/admin/secret']);
    expect(where('demo:notEither')).toEqual(['/', '/chat', '/chat/room', '/admin']);
  });

  test('match and ignore together: runs where match passes and ignore does not', () => {
    const app = appOf([connectionOnion('admin', { match: /^\/admin/, ignore: '/admin/secret' })]);
    const where = NAMESPACES.filter(namespace => demoNames(app, 'socketConnection', namespace).length > 0);
    expect(where).toEqual(['/admin']);
  });

  test('selection applies to packet onions as well', () => {
    const app = appOf([packetOnion('chat', { match: '/chat' }), packetOnion('all')]);
    expect(demoNames(app, 'socketPacket', '/chat')).toEqual(['demo:chat', 'demo:all']);
    expect(demoNames(app, 'socketPacket', '/')).toEqual(['demo:all']);
  });

  test('enable: false in the decorator keeps an onion out everywhere', () => {
    const app = appOf([connectionOnion('off', { enable: false }), connectionOnion('on', { enable: true })]);
    for (const namespace of NAMESPACES) expect(demoNames(app, 'socketConnection', namespace)).toEqual(['demo:on']);
  });

  test('meta.mode keeps an onion to the listed app modes (config.mode)', () => {
    const beans = () => [
      connectionOnion('dev', { meta: { mode: 'development' } }),
      connectionOnion('devOrTest', { meta: { mode: ['development', 'test'] } }),
      connectionOnion('always', { meta: {} }),
    ];
    const names = (mode: string) => demoNames(appOf(beans(), { config: { mode } }), 'socketConnection', '/');
    expect(names('development')).toEqual(['demo:dev', 'demo:devOrTest', 'demo:always']);
    expect(names('test')).toEqual(['demo:devOrTest', 'demo:always']);
    expect(names('production')).toEqual(['demo:always']);
  });
});

describe('ServiceOnion: config overrides', () => {
  test('config.onions.socketConnection[name] = { enable: false } disables an onion', () => {
    const app = appOf([connectionOnion('x'), connectionOnion('y')], {
      config: { onions: { socketConnection: { 'demo:x': { enable: false } } } },
    });
    for (const namespace of NAMESPACES) expect(demoNames(app, 'socketConnection', namespace)).toEqual(['demo:y']);
  });

  test('an override can enable an onion its decorator disabled', () => {
    const app = appOf([connectionOnion('x', { enable: false })], {
      config: { onions: { socketConnection: { 'demo:x': { enable: true } } } },
    });
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:x']);
  });

  test('an override can change match; arrays and RegExps replace the declared rule rather than add to it', () => {
    const app = appOf([connectionOnion('x', { match: ['/chat', '/ssrhmr'] }), connectionOnion('y', { match: '/' })], {
      config: {
        onions: { socketConnection: { 'demo:x': { match: ['/admin'] }, 'demo:y': { match: /^\/chat/ } } },
      },
    });
    const where = (onion: string) =>
      NAMESPACES.filter(namespace => demoNames(app, 'socketConnection', namespace).includes(onion));
    expect(where('demo:x')).toEqual(['/admin']);
    expect(where('demo:y')).toEqual(['/chat', '/chat/room']);
  });

  test('an override can add ignore to an onion declared without one', () => {
    const app = appOf([connectionOnion('x')], {
      config: { onions: { socketConnection: { 'demo:x': { ignore: ns => ns !== '/' } } } },
    });
    expect(NAMESPACES.filter(namespace => demoNames(app, 'socketConnection', namespace).length > 0)).toEqual(['/']);
  });

  test('an override can change meta.mode', () => {
    const app = appOf([connectionOnion('x', { meta: { mode: 'development' } })], {
      config: { mode: 'production', onions: { socketConnection: { 'demo:x': { meta: { mode: 'production' } } } } },
    });
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:x']);
  });

  test('an override can change dependencies, and so the order', () => {
    const app = appOf([connectionOnion('a'), connectionOnion('b')], {
      config: { onions: { socketConnection: { 'demo:a': { dependencies: 'demo:b' } } } },
    });
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:b', 'demo:a']);
  });

  test('overrides are per scene: a connection override does not touch a packet onion of the same name', () => {
    const app = appOf([connectionOnion('x'), packetOnion('x')], {
      config: { onions: { socketConnection: { 'demo:x': { enable: false } } } },
    });
    expect(demoNames(app, 'socketConnection', '/')).toEqual([]);
    expect(demoNames(app, 'socketPacket', '/')).toEqual(['demo:x']);
  });

  test('the effective options are the decorator options deep-merged with the override', () => {
    const app = appOf([connectionOnion('x', { match: '/', limits: { a: 1, b: 2 }, label: 'declared' })], {
      config: { onions: { socketConnection: { 'demo:x': { limits: { b: 3 } } as ISocketConnectionOptions } } },
    });
    const x = app
      .bean(ServiceOnion)
      .onions('socketConnection')
      .find(onion => onion.name === 'demo:x');
    expect(x?.options).toEqual({ match: '/', limits: { a: 1, b: 3 }, label: 'declared' });
  });
});

describe('ServiceOnion: chains', () => {
  test("connectionChain('enter', ns) runs the selected onions' enter(ws, options, next) in order with their effective options", async () => {
    const app = appOf(
      [
        connectionOnion('second', { dependencies: 'demo:first', greeting: 'declared' }),
        connectionOnion('first'),
        connectionOnion('elsewhere', { match: '/admin' }),
      ],
      {
        config: {
          onions: withoutBuiltIns({
            socketConnection: { 'demo:second': { greeting: 'configured' } as ISocketConnectionOptions },
          }),
        },
      },
    );
    const ws = fakeSocket('/chat');
    await app.bean(ServiceOnion).connectionChain('enter', '/chat')(ws, ws);
    expect(calls.map(call => call.onion)).toEqual(['first', 'second']);
    expect(calls.every(call => call.method === 'enter' && call.ws === ws)).toBe(true);
    expect(calls[0].options).toEqual({});
    expect(calls[1].options).toEqual({ dependencies: 'demo:first', greeting: 'configured' });
  });

  test('the enter chain wraps like an onion: each enter resumes after the inner ones finished', async () => {
    const log: string[] = [];
    const wrapping = (name: string): BeanClass => {
      @SocketConnection({ name })
      class SocketConnectionWrap extends BeanBase implements ISocketConnectionExecute {
        async enter(_ws: ISocketWebSocket, _options: ISocketConnectionOptions, next: SocketConnectionNext) {
          log.push(`${name} in`);
          await next();
          log.push(`${name} out`);
        }
      }
      return SocketConnectionWrap;
    };
    const app = appOf([wrapping('outer'), wrapping('inner')], { config: { onions: withoutBuiltIns() } });
    const ws = fakeSocket('/');
    await app.bean(ServiceOnion).connectionChain('enter', '/')(ws, ws);
    expect(log).toEqual(['outer in', 'inner in', 'inner out', 'outer out']);
  });

  test("connectionChain('exit', ns) runs exit in the same order; onions without the method are passed through", async () => {
    @SocketConnection({ name: 'enterOnly' })
    class SocketConnectionEnterOnly extends BeanBase implements ISocketConnectionExecute {
      enter(_ws: ISocketWebSocket, _options: ISocketConnectionOptions, next: SocketConnectionNext) {
        return next();
      }
    }
    const app = appOf([connectionOnion('a'), SocketConnectionEnterOnly, connectionOnion('b')], {
      config: { onions: withoutBuiltIns() },
    });
    const ws = fakeSocket('/');
    await app.bean(ServiceOnion).connectionChain('exit', '/')(ws, ws);
    expect(calls.map(call => `${call.method} ${call.onion}`)).toEqual(['exit a', 'exit b']);
  });

  test('an enter that does not call next stops the chain (the connection is refused there)', async () => {
    const app = appOf([connectionOnion('a'), connectionOnion('gate', {}, { stop: true }), connectionOnion('b')], {
      config: { onions: withoutBuiltIns() },
    });
    const ws = fakeSocket('/');
    await expect(app.bean(ServiceOnion).connectionChain('enter', '/')(ws, ws)).resolves.toBe('refused');
    expect(calls.map(call => call.onion)).toEqual(['a', 'gate']);
  });

  test('an error thrown by an enter reaches the caller of the chain', async () => {
    const boom = new Error('refused by policy');
    @SocketConnection({ name: 'thrower' })
    class SocketConnectionThrower extends BeanBase implements ISocketConnectionExecute {
      enter(): never {
        throw boom;
      }
    }
    const app = appOf([SocketConnectionThrower], { config: { onions: withoutBuiltIns() } });
    const ws = fakeSocket('/');
    await expect(app.bean(ServiceOnion).connectionChain('enter', '/')(ws, ws)).rejects.toBe(boom);
  });

  test('packetChain runs execute(data, ws, options, next) in order and passes next(value) replacements downstream', async () => {
    const app = appOf(
      [
        packetOnion('parse', { limit: 3 } as ISocketPacketOptions, data => JSON.parse(String(data))),
        packetOnion('keep'),
        packetOnion('pick', { dependencies: 'demo:keep' }, data => (data as [string, unknown])[0]),
        packetOnion('admin', { match: '/admin' }, () => 'never'),
      ],
      { config: { onions: withoutBuiltIns() } },
    );
    const ws = fakeSocket('/chat');
    let lastRuns = 0;
    const last = (data: unknown) => {
      lastRuns++;
      return `handled ${String(data)}`;
    };
    await expect(app.bean(ServiceOnion).packetChain('/chat')('["hello",1]', ws, last)).resolves.toBe('handled hello');
    expect(calls.map(call => [call.onion, call.data])).toEqual([
      ['parse', '["hello",1]'],
      ['keep', ['hello', 1]],
      ['pick', ['hello', 1]],
    ]);
    expect(calls[0].options).toEqual({ limit: 3 });
    expect(calls.every(call => call.ws === ws)).toBe(true);
    expect(lastRuns).toBe(1);
  });

  test('a packet onion without execute fails with ONION_NOT_FUNCTION naming it when its chain is built', () => {
    @SocketPacket({ name: 'broken' })
    class SocketPacketBroken extends BeanBase {}
    const app = appOf([SocketPacketBroken], { config: { onions: withoutBuiltIns() } });
    const error = thrownBy(() => app.bean(ServiceOnion).packetChain('/'));
    expect(error.code).toBe('ONION_NOT_FUNCTION');
    expect(error.message).toContain('demo:broken');
    // only where it is selected
    const ignored = appOf([SocketPacketBroken], {
      config: { onions: withoutBuiltIns({ socketPacket: { 'demo:broken': { match: '/elsewhere' } } }) },
    });
    expect(typeof ignored.bean(ServiceOnion).packetChain('/')).toBe('function');
  });
});

describe('ServiceOnion: caching and reload', () => {
  test('chains are composed once per scene, method and namespace: the same function comes back', () => {
    const app = appOf([connectionOnion('a'), packetOnion('p')], { config: { onions: withoutBuiltIns() } });
    const onion = app.bean(ServiceOnion);
    const enter = onion.connectionChain('enter', '/chat');
    expect(onion.connectionChain('enter', '/chat')).toBe(enter);
    expect(onion.connectionChain('enter', '/')).not.toBe(enter);
    expect(onion.connectionChain('exit', '/chat')).not.toBe(enter);
    expect(onion.connectionChain('exit', '/chat')).toBe(onion.connectionChain('exit', '/chat'));
    expect(onion.packetChain('/chat')).toBe(onion.packetChain('/chat'));
    expect(onion.packetChain('/chat')).not.toBe(onion.packetChain('/'));
  });

  test('onions(scene) is sorted once and cached', () => {
    const app = appOf([connectionOnion('a')]);
    const onion = app.bean(ServiceOnion);
    expect(onion.onions('socketConnection')).toBe(onion.onions('socketConnection'));
  });

  test('reload() drops the cache: chains and order are rebuilt from the current config', async () => {
    const app = appOf([connectionOnion('a'), connectionOnion('b')], { config: { onions: withoutBuiltIns() } });
    const onion = app.bean(ServiceOnion);
    const before = onion.connectionChain('enter', '/');
    const packetBefore = onion.packetChain('/');
    const sortedBefore = onion.onions('socketConnection');

    app.config.onions.socketConnection!['demo:a'] = { dependencies: 'demo:b' };
    expect(onion.connectionChain('enter', '/')).toBe(before);
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:a', 'demo:b']);

    onion.reload();
    const after = onion.connectionChain('enter', '/');
    expect(after).not.toBe(before);
    expect(onion.packetChain('/')).not.toBe(packetBefore);
    expect(onion.onions('socketConnection')).not.toBe(sortedBefore);
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:b', 'demo:a']);
    const ws = fakeSocket('/');
    await after(ws, ws);
    expect(calls.map(call => call.onion)).toEqual(['b', 'a']);
  });

  test('each app has its own ServiceOnion, cache and config', () => {
    const beans = [connectionOnion('x')];
    const on = appOf(beans);
    const off = appOf(beans, { config: { onions: { socketConnection: { 'demo:x': { enable: false } } } } });
    expect(demoNames(on, 'socketConnection', '/')).toEqual(['demo:x']);
    expect(demoNames(off, 'socketConnection', '/')).toEqual([]);
  });
});

describe('ServiceOnion: dependency errors', () => {
  test('a cycle between connection onions fails createApp at once (the onions are sorted there), naming both', () => {
    const error = thrownBy(() =>
      appOf([connectionOnion('a', { dependencies: 'demo:b' }), connectionOnion('b', { dependencies: 'demo:a' })]),
    );
    expect(error.code).toBe('ONION_CYCLE');
    expect(error.message).toMatch(/^Circular onion dependency: /);
    expect(error.message).toContain('demo:a');
    expect(error.message).toContain('demo:b');
  });

  test('an unknown dependency fails createApp at once, naming the onion and the missing name', () => {
    const error = thrownBy(() => appOf([connectionOnion('y', { dependencies: 'demo:z' })]));
    expect(error.code).toBe('ONION_UNKNOWN');
    expect(error.message).toBe('Unknown onion "demo:z" in dependencies of "demo:y"');
  });

  test('a cycle made by a config override fails createApp at once', () => {
    const error = thrownBy(() =>
      appOf([connectionOnion('a'), connectionOnion('b', { dependencies: 'demo:a' })], {
        config: { onions: { socketConnection: { 'demo:a': { dependencies: 'demo:b' } } } },
      }),
    );
    expect(error.code).toBe('ONION_CYCLE');
  });

  test('a packet onion cycle fails createApp at once', () => {
    const error = thrownBy(() =>
      appOf([packetOnion('a', { dependents: 'demo:b' }), packetOnion('b', { dependents: ['demo:a'] })]),
    );
    expect(error.code).toBe('ONION_CYCLE');
  });

  test('a reload into a cycle throws the ONION_CYCLE start-up gives and keeps the old onions and chains', () => {
    const app = appOf([connectionOnion('a'), connectionOnion('b', { dependencies: 'demo:a' })]);
    const onion = app.bean(ServiceOnion);
    const enter = onion.connectionChain('enter', '/');
    const packet = onion.packetChain('/');
    const cycle = { 'demo:a': { dependencies: 'demo:b' } };
    app.config.onions.socketConnection = cycle;

    const error = thrownBy(() => onion.reload());
    const atStartUp = thrownBy(() =>
      appOf([connectionOnion('a'), connectionOnion('b', { dependencies: 'demo:a' })], {
        config: { onions: { socketConnection: cycle } },
      }),
    );
    expect(error.code).toBe('ONION_CYCLE');
    expect(error.message).toBe(atStartUp.message);
    expect(demoNames(app, 'socketConnection', '/')).toEqual(['demo:a', 'demo:b']);
    expect(onion.connectionChain('enter', '/')).toBe(enter);
    expect(onion.packetChain('/')).toBe(packet);
  });

  test('a reload naming an unknown onion, or to a packet onion without execute, throws and keeps the old chains', () => {
    @SocketPacket({ name: 'broken', enable: false })
    class SocketPacketBroken extends BeanBase {}
    const app = appOf([connectionOnion('a'), SocketPacketBroken]);
    const onion = app.bean(ServiceOnion);
    const enter = onion.connectionChain('enter', '/');
    const packet = onion.packetChain('/');

    app.config.onions.socketConnection = { 'demo:a': { dependencies: 'demo:nowhere' } };
    expect(thrownBy(() => onion.reload()).code).toBe('ONION_UNKNOWN');
    app.config.onions.socketConnection = {};
    app.config.onions.socketPacket = { 'demo:broken': { enable: true } };
    expect(thrownBy(() => onion.reload()).code).toBe('ONION_NOT_FUNCTION');

    expect(onion.connectionChain('enter', '/')).toBe(enter);
    expect(onion.packetChain('/')).toBe(packet);
  });

  test('connectionChains(ns) pairs the enter and exit chains composed from the same onions, cached until a reload', () => {
    const app = appOf([connectionOnion('a')], { config: { onions: withoutBuiltIns() } });
    const onion = app.bean(ServiceOnion);
    const chains = onion.connectionChains('/');
    expect(chains).toBe(onion.connectionChains('/'));
    expect(chains.enter).toBe(onion.connectionChain('enter', '/'));
    expect(chains.exit).toBe(onion.connectionChain('exit', '/'));
    onion.reload();
    expect(onion.connectionChains('/')).not.toBe(chains);
  });
});
