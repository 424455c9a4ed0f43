import { describe, expect, test } from '@jest/globals';
import { App } from '../../src/core/app.js';
import { BeanBase } from '../../src/core/beanBase.js';
import { Bean, Service } from '../../src/core/decorators.js';
import { createConsoleLogger } from '../../src/core/logger.js';
import { defineModule, type IModuleMonkey } from '../../src/core/module.js';

const silent = createConsoleLogger('silent');

/** Each module's monkey writes `<module>:<hook>` here. */
let calls: string[] = [];

function moduleWithMonkey(name: string, failOnClose = false) {
  @Bean({ name: 'monkey' })
  class Monkey extends BeanBase implements IModuleMonkey {
    async appReady() {
      calls.push(`${name}:ready`);
    }
    async appClose() {
      calls.push(`${name}:close`);
      if (failOnClose) throw new Error(`${name} failed to close`);
    }
  }
  return defineModule({ name, beans: [], monkey: Monkey });
}

describe('App: the kernel without any module of its own', () => {
  test('appReady calls each module monkey in registration order, appClose in reverse order, each once', async () => {
    calls = [];
    const app = new App({ modules: [moduleWithMonkey('first'), moduleWithMonkey('second')], logger: silent });
    await app.appReady();
    expect(app.lifecycle).toBe('ready');
    expect(app.isReady).toBe(true);
    await app.appClose();
    await app.appClose();
    expect(calls).toEqual(['first:ready', 'second:ready', 'second:close', 'first:close']);
    expect(app.lifecycle).toBe('closed');
  });

  test('a monkey not listed among its module beans is registered as one of them', () => {
    const app = new App({ modules: [moduleWithMonkey('first')], logger: silent });
    expect(app.beans.map(bean => bean.fullName)).toEqual(['first.bean.monkey']);
  });

  test('appClose closes every module when one fails, then throws the first failure', async () => {
    calls = [];
    const app = new App({
      modules: [moduleWithMonkey('first'), moduleWithMonkey('second', true)],
      logger: silent,
    });
    await app.appReady();
    await expect(app.appClose()).rejects.toThrow('second failed to close');
    expect(calls).toEqual(['first:ready', 'second:ready', 'second:close', 'first:close']);
    expect(app.lifecycle).toBe('closed');
  });

  test('beans of a module get its scope and config; the kernel resolves the app config', () => {
    @Service()
    class ServiceGreeter extends BeanBase<{ greeting: string }> {
      greet(): string {
        return this.scope.config.greeting;
      }
    }
    const app = new App({
      modules: [defineModule({ name: 'greet', beans: [ServiceGreeter], config: { greeting: 'hi' } })],
      config: { mode: 'test-mode', modules: { greet: { greeting: 'hello' } } },
      logger: silent,
    });
    expect(app.bean(ServiceGreeter).greet()).toBe('hello');
    expect(app.bean(ServiceGreeter)).toBe(app.bean('greet.service.greeter'));
    expect(app.config.mode).toBe('test-mode');
  });
});
