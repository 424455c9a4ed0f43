import { ASocketError, Bean, createApp, createConsoleLogger, defineModule } from '../../src/index.js';
import { ModuleScope } from '../../src/core/moduleScope.js';

@Bean()
class BeanSsrHmr {}

@Bean()
class BeanElsewhere {}

const app = createApp({
  logger: createConsoleLogger('silent'),
  modules: [
    defineModule({ name: 'demo', beans: [BeanSsrHmr], config: { a: 1 } }),
    defineModule({ name: 'other', beans: [BeanElsewhere] }),
  ],
});

describe('ModuleScope', () => {
  test('has its module name and resolved config', () => {
    const scope = app.scope('demo');
    expect(scope).toBeInstanceOf(ModuleScope);
    expect(scope.name).toBe('demo');
    expect(scope.config).toEqual({ a: 1 });
  });

  test("scope.bean(scene, name) is the module's bean, the same singleton as app.bean", () => {
    expect(app.scope('demo').bean('bean', 'ssrHmr')).toBe(app.bean(BeanSsrHmr));
    expect(app.scope('demo').bean('bean', 'ssrHmr')).toBe(app.bean('demo.bean.ssrHmr'));
  });

  test("a bean of another module is not in this module's scope: BEAN_NOT_FOUND naming the full name looked up", () => {
    let error: unknown;
    try {
      app.scope('demo').bean('bean', 'elsewhere');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ASocketError);
    expect((error as ASocketError).code).toBe('BEAN_NOT_FOUND');
    expect((error as ASocketError).message).toContain('"demo.bean.elsewhere"');
    expect(app.scope('other').bean('bean', 'elsewhere')).toBe(app.bean(BeanElsewhere));
  });
});
