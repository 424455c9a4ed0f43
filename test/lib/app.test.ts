import { createApp, defineModule, Service, ServiceOnion } from '../../src/index.js';

@Service()
class ServiceCounter {
  count = 0;
}

describe('regressions', () => {
  test('app.bean(Class) is typed as an instance of that class, so app.bean(ServiceOnion).inspect(...) compiles', () => {
    const app = createApp({ modules: [defineModule({ name: 'demo', beans: [ServiceCounter] })] });
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
