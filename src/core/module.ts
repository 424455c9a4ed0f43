import { ASocketError } from './error.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BeanClass = abstract new (...args: any[]) => object;

/** A named group of beans with default config. */
export interface IModule<TConfig extends object = object> {
  name: string;
  beans: readonly BeanClass[];
  /** Defaults of `config.modules[name]`; app config is deep-merged over them. */
  config?: TConfig;
}

const MODULE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Declares a module; the name is lower-case kebab (it prefixes onion names: `<module>:<bean>`). */
export function defineModule<TConfig extends object = object>(module: IModule<TConfig>): IModule<TConfig> {
  if (typeof module.name !== 'string' || !MODULE_NAME.test(module.name)) {
    throw new ASocketError(
      'MODULE_INVALID',
      `Module name "${String(module.name)}" is invalid: use lower-case letters, digits and dashes, like "demo-chat"`,
    );
  }
  if (!Array.isArray(module.beans)) {
    throw new ASocketError('MODULE_INVALID', `Module "${module.name}" has no beans array: pass beans: [MyBean, ...]`);
  }
  return module;
}
