import { randomUUID } from 'node:crypto';
import { type Server } from 'node:http';
import { Container, type ServiceIdentifier } from 'inversify';
import { type IBroadcastBus } from './bus/broadcastBus.js';
import { type IAppConfig, type IModuleConfigRecord } from './types/config.js';
import {
  type IActionExecutor,
  type IInstanceResolver,
  type ILogger,
  type IPassportVerifier,
  type LogLevel,
} from './types/plugins.js';
import { type ISocketContext } from './types/socket.js';
import { type ISocketNamespaceOptions, type ISocketNamespaceRecord } from './types/socketNamespace.js';
import { type BeanSocket } from './bean/bean.socket.js';
import { type Monkey } from './monkey.js';
import { type ServiceMetrics } from './metrics/metrics.js';
import { type ServiceOnion } from './service/onion.js';
import { type ServiceSocketEvent } from './service/socketEvent.js';
import { type BeanSocketNamespaceBase } from './lib/beanSocketNamespaceBase.js';
import { initBean } from './core/beanBase.js';
import { collectBeanRecords, type IBeanRecord } from './core/beanRegistration.js';
import { currentSocketContext } from './core/context.js';
import { ASocketError } from './core/error.js';
import { createConsoleLogger } from './core/logger.js';
import { type BeanClass, type IModule } from './core/module.js';
import { ModuleScope } from './core/moduleScope.js';
import { SocketEventTable } from './lib/socketEventTable.js';
import { deepMerge, type DeepPartial } from './core/util.js';

export interface ISocketAppOptions {
  /** The host server to attach to in `appReady`; without one, `appReady` attaches nothing (scripts, unit tests). */
  server?: Server;
  /** Modules beside the built-in `a-socket` one, in registration order. */
  modules?: readonly IModule[];
  config?: DeepPartial<IAppConfig>;
  passport?: IPassportVerifier;
  instance?: IInstanceResolver;
  executor?: IActionExecutor;
  /** Broadcast bus to other processes; in-process (nothing leaves this process) by default. */
  bus?: IBroadcastBus;
  logger?: ILogger;
  /** Extra readiness check of the host app: while it returns false, new connections close with 1013. */
  isReady?: () => boolean;
  /** Identifies this process on the bus; a random UUID by default. */
  workerId?: string;
}

export type AppLifecycle = 'created' | 'starting' | 'ready' | 'closing' | 'closed';

/** The plug-ins an integrator supplies; onions read them through `app.plugins`. */
export interface ISocketAppPlugins {
  passport?: IPassportVerifier;
  instance?: IInstanceResolver;
  executor?: IActionExecutor;
  bus?: IBroadcastBus;
  isReady?: () => boolean;
}

/**
 * One a-socket application: its container with every module's beans, resolved config and plug-ins.
 * Several apps may live in one process (tests run many nodes this way).
 */
export class SocketApp {
  readonly container = new Container();
  readonly config: IAppConfig;
  readonly logger: ILogger;
  readonly workerId: string;
  readonly server?: Server;
  readonly plugins: ISocketAppPlugins;
  readonly beans: readonly IBeanRecord[];
  /** Declared namespaces and the bean that declares each. */
  readonly namespaces: ReadonlyMap<string, IBeanRecord>;
  /** The `@SocketEvent` handlers by namespace and event name. */
  readonly eventHandlers: SocketEventTable;
  lifecycle: AppLifecycle = 'created';
  private readonly scopes = new Map<string, ModuleScope>();

  constructor(builtInModule: IModule, options: ISocketAppOptions = {}) {
    const modules = [builtInModule, ...(options.modules ?? [])];
    this.config = resolveAppConfig(options.config);
    this.logger = options.logger ?? createConsoleLogger(defaultLogLevel());
    this.workerId = options.workerId ?? randomUUID();
    this.server = options.server;
    this.plugins = {
      passport: options.passport,
      instance: options.instance,
      executor: options.executor,
      bus: options.bus,
      isReady: options.isReady,
    };
    for (const module of modules) {
      const config = deepMerge(module.config ?? {}, this.config.modules[module.name]);
      this.scopes.set(module.name, new ModuleScope(this, module.name, config));
    }
    this.beans = collectBeanRecords(modules);
    for (const record of this.beans) this.bind(record);
    this.namespaces = collectNamespaces(this.beans);
    this.eventHandlers = new SocketEventTable(this.beans, this.namespaces);
    // Sorting now turns a cycle or an unknown onion name into a start-up error.
    for (const scene of ['socketConnection', 'socketPacket'] as const) this.onion.onions(scene);
  }

  get onion(): ServiceOnion {
    return this.bean<ServiceOnion>('a-socket.service.onion');
  }

  /** send / broadcast by connection id and namespace name. */
  get socketEvent(): ServiceSocketEvent {
    return this.bean<ServiceSocketEvent>('a-socket.service.socketEvent');
  }

  /** Counters and gauges of this app in Prometheus text format. */
  get metrics(): ServiceMetrics {
    return this.bean<ServiceMetrics>('a-socket.service.metrics');
  }

  /** The client registry of this process. */
  get registry(): BeanSocket {
    return this.bean<BeanSocket>('a-socket.bean.socket');
  }

  /** The bean of a declared namespace, with typed `send` / `broadcast`. */
  socketNamespace<K extends keyof ISocketNamespaceRecord>(
    namespace: K,
  ): BeanSocketNamespaceBase<ISocketNamespaceRecord[K]>;
  socketNamespace(namespace: string): BeanSocketNamespaceBase;
  socketNamespace(namespace: string): BeanSocketNamespaceBase {
    const record = this.namespaces.get(namespace);
    if (!record) {
      const known = [...this.namespaces.keys()].join(', ');
      throw new ASocketError('NAMESPACE_UNKNOWN', `Namespace "${namespace}" is not declared (declared: ${known})`);
    }
    return this.bean<BeanSocketNamespaceBase>(record.fullName);
  }

  /** Attaches to the host server, subscribes to the bus; from now on connections are accepted. */
  async appReady(): Promise<void> {
    if (this.lifecycle !== 'created') {
      throw new ASocketError('APP_STATE', `appReady() called while the app is ${this.lifecycle}: call it once`);
    }
    this.lifecycle = 'starting';
    this.onion.prepare(this.namespaces.keys());
    const socketEvent = this.socketEvent;
    await this.plugins.bus?.subscribe(envelope => socketEvent.receive(envelope));
    await this.bean<Monkey>('a-socket.bean.monkey').appReady();
    this.lifecycle = 'ready';
  }

  /** Closes every client with 1001 after running its exit chain, stops timers, disconnects the bus. Idempotent. */
  async appClose(): Promise<void> {
    if (this.lifecycle === 'closing' || this.lifecycle === 'closed') return;
    this.lifecycle = 'closing';
    try {
      await this.bean<Monkey>('a-socket.bean.monkey').appClose();
      await this.plugins.bus?.close();
    } finally {
      this.lifecycle = 'closed';
    }
  }

  /** True once `appReady` finished and the host app says it is ready; false again while closing. */
  get isReady(): boolean {
    return this.lifecycle === 'ready' && (this.plugins.isReady?.() ?? true);
  }

  /** The connection whose chain is running, or undefined outside one. */
  get ctx(): ISocketContext | undefined {
    return currentSocketContext();
  }

  /** A bean by full name (`a-socket.service.socket`) or by class; by class it is typed as that class. */
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

  private bind(record: IBeanRecord): void {
    const scope = this.scope(record.moduleName);
    this.container
      .bind(record.beanClass)
      .toSelf()
      .inSingletonScope()
      .onActivation((_context, instance) => {
        initBean(instance, this, scope);
        return instance;
      });
    this.container.bind(record.fullName).toService(record.beanClass);
  }
}

function collectNamespaces(beans: readonly IBeanRecord[]): Map<string, IBeanRecord> {
  const namespaces = new Map<string, IBeanRecord>();
  for (const record of beans) {
    if (record.scene !== 'socketNamespace') continue;
    const namespace = (record.options as Partial<ISocketNamespaceOptions>).namespace;
    if (
      typeof namespace !== 'string' ||
      !/^\/[^?#\s]*$/.test(namespace) ||
      (namespace !== '/' && namespace.endsWith('/'))
    ) {
      throw new ASocketError(
        'NAMESPACE_INVALID',
        `${record.beanClass.name} declares namespace ${JSON.stringify(namespace)}: use a path like "/" or "/chat"`,
      );
    }
    const clash = namespaces.get(namespace);
    // The built-in root bean gives way to a module's own "/" bean.
    if (clash && !(namespace === '/' && clash.moduleName === 'a-socket')) {
      throw new ASocketError(
        'NAMESPACE_DUPLICATE',
        `Namespace "${namespace}" is declared by both ${clash.beanClass.name} and ${record.beanClass.name}`,
      );
    }
    namespaces.set(namespace, record);
  }
  return namespaces;
}

function defaultLogLevel(): LogLevel {
  const level = process.env.A_SOCKET_LOG_LEVEL as LogLevel | undefined;
  if (level) return level;
  return process.env.NODE_ENV === 'test' ? 'warn' : 'info';
}

function resolveAppConfig(config: DeepPartial<IAppConfig> | undefined): IAppConfig {
  const defaults: IAppConfig = { mode: process.env.NODE_ENV ?? 'production', modules: {}, onions: {} };
  return deepMerge(defaults, config);
}
