import { ASocketError } from './error.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BeanClass<T extends object = object> = abstract new (...args: any[]) => T;

/** A module's lifecycle hooks (Vona's monkey): the app calls them in `appReady` and `appClose`. */
export interface IModuleMonkey {
  /** Called by `app.appReady()`, module by module in registration order. */
  appReady?(): Promise<void> | void;
  /** Called by `app.appClose()`, module by module in reverse registration order. */
  appClose?(): Promise<void> | void;
}

/** A named group of beans with default config. */
export interface IModule<TConfig extends object = object> {
  name: string;
  beans: readonly BeanClass[];
  /** Defaults of `config.modules[name]`; app config is deep-merged over them. */
  config?: TConfig;
  /** The bean whose `appReady` / `appClose` the app calls; a bean of the module (listed in `beans` or not). */
  monkey?: BeanClass<IModuleMonkey>;
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
  if (module.monkey !== undefined && typeof module.monkey !== 'function') {
    throw new ASocketError(
      'MODULE_INVALID',
      `Module "${module.name}" has a monkey that is not a class: pass monkey: MyMonkey (a bean with appReady / appClose)`,
    );
  }
  return module;
}
