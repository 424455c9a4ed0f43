import { Container, type ServiceIdentifier } from 'inversify';
import { initBean } from './beanBase.js';
import { type BeanBaseContext, type IBeanHost } from './beanHost.js';
import { type IBeanRecord } from './beanRecord.js';
import { collectBeanRegistrations, type IBeanRegistration } from './beanRegistration.js';
import { currentContext } from './context.js';
import { ASocketError } from './error.js';
import { createConsoleLogger, type ILogger, type LogLevel } from './logger.js';
import { type BeanClass, type IModule, type IModuleMonkey } from './module.js';
import { type IModuleConfigRecord, ModuleScope } from './moduleScope.js';
import { deepMerge, type DeepPartial } from './util.js';

export type AppLifecycle = 'created' | 'starting' | 'ready' | 'closing' | 'closed';

/** The config every app has; a module's app adds its own fields. */
export interface IAppConfigBase {
  /** App mode (e.g. what onions' `meta.mode` match); defaults to NODE_ENV or 'production'. */
  mode: string;
  /** Each module's config by module name, deep-merged over the module's defaults. */
  modules: { [moduleName: string]: object | undefined };
}

export interface IAppOptions<TConfig extends IAppConfigBase> {
  /** Every module of the app, in registration order. */
  modules: readonly IModule[];
  config?: DeepPartial<TConfig>;
  logger?: ILogger;
}

/**
 * The bean kernel: one container with every module's beans as singletons, each module's scope (its resolved
 * config and beans), and the lifecycle that calls each module's monkey. It knows no module: a module
 * declares its beans, scenes and hooks, and typed look-ups come from the records modules fill in. Several apps
 * may live in one process (tests run many nodes this way).
 */
export class App<TConfig extends IAppConfigBase = IAppConfigBase> implements IBeanHost {
  readonly container = new Container();
  readonly config: TConfig;
  readonly logger: ILogger;
  readonly modules: readonly IModule[];
  readonly beans: readonly IBeanRegistration[];
  lifecycle: AppLifecycle = 'created';
  private readonly scopes = new Map<string, ModuleScope>();

  constructor(options: IAppOptions<TConfig>) {
    this.modules = options.modules;
    const defaults: IAppConfigBase = { mode: process.env.NODE_ENV ?? 'production', modules: {} };
    this.config = deepMerge(defaults as TConfig, options.config);
    this.logger = options.logger ?? createConsoleLogger(defaultLogLevel());
    for (const module of this.modules) {
      const config = deepMerge(module.config ?? {}, this.config.modules[module.name]);
      this.scopes.set(module.name, new ModuleScope(this, module.name, config));
    }
    this.beans = collectBeanRegistrations(this.modules);
    for (const registration of this.beans) this.bind(registration);
  }

  /** Calls every module's `appReady`, in registration order. Once. */
  async appReady(): Promise<void> {
    if (this.lifecycle !== 'created') {
      throw new ASocketError('APP_STATE', `appReady() called while the app is ${this.lifecycle}: call it once`);
    }
    this.lifecycle = 'starting';
    for (const monkey of this.monkeys()) await monkey.appReady?.();
    this.lifecycle = 'ready';
  }

  /**
   * Calls every module's `appClose`, in reverse registration order; each runs even when one before it threw,
   * and the first error is thrown once all ran. Idempotent.
   */
  async appClose(): Promise<void> {
    if (this.lifecycle === 'closing' || this.lifecycle === 'closed') return;
    this.lifecycle = 'closing';
    let failure: { error: unknown } | undefined;
    try {
      for (const monkey of this.monkeys().reverse()) {
        try {
          await monkey.appClose?.();
        } catch (error) {
          if (failure === undefined) failure = { error };
          else this.logger.error('appClose: a module failed to close', error);
        }
      }
    } finally {
      this.lifecycle = 'closed';
    }
    if (failure !== undefined) throw failure.error;
  }

  /** True between `appReady` and `appClose`. */
  get isReady(): boolean {
    return this.lifecycle === 'ready';
  }

  /** The context of the work that is running, or undefined outside any. */
  get ctx(): BeanBaseContext | undefined {
    return currentContext();
  }

  /**
   * A bean by full name (`a-socket.service.socket`) or by class. A name a module declared in `IBeanRecord` is
   * typed as its bean, a class as that class.
   */
  bean<K extends keyof IBeanRecord>(fullName: K): IBeanRecord[K];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  bean<T extends object>(beanClass: abstract new (...args: any[]) => T): T;
  bean<T extends object>(id: string | BeanClass): T;
  bean<T extends object>(id: string | BeanClass): T {
    if (!this.container.isBound(id)) {
      const label = typeof id === 'string' ? `"${id}"` : id.name;
      throw new ASocketError('BEAN_NOT_FOUND', `No bean ${label}: is its module passed to createApp({ modules })?`);
    }
    return this.container.get<T>(id as ServiceIdentifier<T>);
  }

  /** A module's scope: its resolved config and its beans. */
  scope<K extends keyof IModuleConfigRecord>(moduleName: K): ModuleScope<IModuleConfigRecord[K]>;
  scope(moduleName: string): ModuleScope;
  scope(moduleName: string): ModuleScope {
    const scope = this.scopes.get(moduleName);
    if (!scope) throw new ASocketError('BEAN_NOT_FOUND', `No module "${moduleName}" is registered in this app`);
    return scope;
  }

  private monkeys(): IModuleMonkey[] {
    return this.modules.flatMap(module => (module.monkey === undefined ? [] : [this.bean(module.monkey)]));
  }

  private bind(registration: IBeanRegistration): void {
    const scope = this.scope(registration.moduleName);
    this.container
      .bind(registration.beanClass)
      .toSelf()
      .inSingletonScope()
      .onActivation((_context, instance) => {
        initBean(instance, this, scope);
        return instance;
      });
    this.container.bind(registration.fullName).toService(registration.beanClass);
  }
}

function defaultLogLevel(): LogLevel {
  const level = process.env.A_SOCKET_LOG_LEVEL as LogLevel | undefined;
  if (level) return level;
  return process.env.NODE_ENV === 'test' ? 'warn' : 'info';
}
