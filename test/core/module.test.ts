import { ASocketError, defineModule, type IModule } from '../../src/index.js';

describe('defineModule', () => {
  test('returns the module as given', () => {
    const module = { name: 'demo-chat', beans: [], config: { greeting: 'hi' } };
    expect(defineModule(module)).toBe(module);
  });

  test.each(['a-socket', 'demo', 'demo-chat', 'x1', '0day'])('accepts the lower-case kebab name %p', name => {
    expect(defineModule({ name, beans: [] }).name).toBe(name);
  });

  test.each(['', 'Demo', 'demo_chat', 'demo.chat', 'demo:chat', '-demo', 'demo chat', 'démo'])(
    'rejects the name %p with MODULE_INVALID naming it',
    name => {
      expect(() => defineModule({ name, beans: [] })).toThrow(
        expect.objectContaining({ code: 'MODULE_INVALID', message: expect.stringContaining(`"${name}"`) }),
      );
    },
  );

  test('rejects a name that is not a string', () => {
    const module = { name: 42, beans: [] } as unknown as IModule;
    expect(() => defineModule(module)).toThrow(ASocketError);
  });

  test('rejects a module without a beans array, naming the module', () => {
    const module = { name: 'demo' } as unknown as IModule;
    expect(() => defineModule(module)).toThrow(
      expect.objectContaining({ code: 'MODULE_INVALID', message: expect.stringContaining('"demo"') }),
    );
  });
});
