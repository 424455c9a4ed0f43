import { inject } from 'inversify';
import {
  ASocketError,
  Bean,
  BeanBase,
  createApp,
  createConsoleLogger,
  defineModule,
  Service,
  type ISocketContext,
} from '../../src/index.js';
import { ModuleScope } from '../../src/core/moduleScope.js';
import { contextStorage } from '../../src/core/context.js';

interface IChatConfig {
  greeting: string;
  limits: { rooms: number; users: number };
}

/** Exposes the protected members of BeanBase. */
@Bean()
class BeanProbe extends BeanBase<IChatConfig> {
  get appOf() {
    return this.app;
  }
  get scopeOf() {
    return this.scope;
  }
  get ctxOf() {
    return this.ctx;
  }
  get loggerOf() {
    return this.logger;
  }
  greet() {
    return `${this.scope.config.greeting} (${this.scope.config.limits.users})`;
  }
}

@Service()
class ServiceOther extends BeanBase {
  constructor(@inject(BeanProbe) readonly probe: BeanProbe) {
    super();
  }
  get scopeOf() {
    return this.scope;
  }
}

@Service()
class ServicePlain {
  readonly plain = true;
}

const chat = defineModule<IChatConfig>({
  name: 'demo-chat',
  beans: [BeanProbe],
  config: { greeting: 'hi', limits: { rooms: 10, users: 100 } },
});
const other = defineModule({ name: 'other', beans: [ServiceOther, ServicePlain], config: { mine: true } });
const logger = createConsoleLogger('silent');

function newApp() {
  return createApp({
    logger,
    modules: [chat, other],
    config: { modules: { 'demo-chat': { limits: { users: 5 } } } },
  });
}

describe('BeanBase', () => {
  test('a bean created by the container gets its app', () => {
    const app = newApp();
    expect(app.bean(BeanProbe).appOf).toBe(app);
  });

  test("scope is its own module's scope: defaults deep-merged with config.modules[name]", () => {
    const app = newApp();
    const scope = app.bean(BeanProbe).scopeOf;
    expect(scope).toBeInstanceOf(ModuleScope);
    expect(scope).toBe(app.scope('demo-chat'));
    expect(scope.name).toBe('demo-chat');
    expect(scope.config).toEqual({ greeting: 'hi', limits: { rooms: 10, users: 5 } });
    expect(app.bean(BeanProbe).greet()).toBe('hi (5)');
  });

  test("a bean injected into a bean of another module keeps its own module's scope", () => {
    const app = newApp();
    const otherBean = app.bean(ServiceOther);
    expect(otherBean.scopeOf.name).toBe('other');
    expect(otherBean.scopeOf.config).toEqual({ mine: true });
    expect(otherBean.probe).toBe(app.bean(BeanProbe));
    expect(otherBean.probe.scopeOf.name).toBe('demo-chat');
    expect(otherBean.probe.appOf).toBe(app);
  });

  test('the same class in two apps gets each app and its config', () => {
    const first = newApp();
    const second = createApp({ logger, modules: [chat, other] });
    expect(first.bean(BeanProbe).appOf).toBe(first);
    expect(second.bean(BeanProbe).appOf).toBe(second);
    expect(first.bean(BeanProbe).greet()).toBe('hi (5)');
    expect(second.bean(BeanProbe).greet()).toBe('hi (100)');
  });

  test("logger is the app's logger", () => {
    const app = newApp();
    expect(app.bean(BeanProbe).loggerOf).toBe(logger);
  });

  test('ctx is undefined outside a connection and the running connection inside one', async () => {
    const app = newApp();
    const probe = app.bean(BeanProbe);
    expect(probe.ctxOf).toBeUndefined();
    const ctx = { id: 'c1', namespace: '/', state: {} } as unknown as ISocketContext;
    await contextStorage.run(ctx, async () => {
      await Promise.resolve();
      expect(probe.ctxOf).toBe(ctx);
      expect(app.ctx).toBe(ctx);
    });
    expect(probe.ctxOf).toBeUndefined();
  });

  test('a bean created with new, outside the container, fails with BEAN_INVALID naming its class', () => {
    const probe = new BeanProbe();
    for (const read of [() => probe.appOf, () => probe.scopeOf, () => probe.loggerOf]) {
      let error: unknown;
      try {
        read();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ASocketError);
      expect((error as ASocketError).code).toBe('BEAN_INVALID');
      expect((error as ASocketError).message).toContain('BeanProbe');
    }
    expect(probe.ctxOf).toBeUndefined();
  });

  test('a bean that does not extend BeanBase is registered and resolved as it is', () => {
    const app = newApp();
    expect(app.bean(ServicePlain).plain).toBe(true);
  });
});
