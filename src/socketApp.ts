import { randomUUID } from 'node:crypto';
import { type Server } from 'node:http';
import { App } from './core/app.js';
import { type IBeanRecord } from './core/beanRecord.js';
import { type IBeanRegistration } from './core/beanRegistration.js';
import { ASocketError } from './core/error.js';
import { type BeanClass, type IModule } from './core/module.js';
import { deepMerge, type DeepPartial } from './core/util.js';
import { type ILogger } from './core/logger.js';
import { type IBroadcastBus } from './bus/broadcastBus.js';
import { type IHistoryLimits, type IHistoryStore } from './bus/history/history.js';
import { MemoryHistory } from './bus/history/memoryHistory.js';
import { MemorySessionStore } from './bus/history/memorySessionStore.js';
import { type ISessionStore } from './bus/history/sessionStore.js';
import { collectHistoryNamespaces } from './lib/historyNamespaces.js';
import { type BeanSocketNamespaceBase } from './lib/beanSocketNamespaceBase.js';
import { SocketEventTable } from './lib/socketEventTable.js';
import { type IAppConfig } from './types/config.js';
import { type IActionExecutor, type IInstanceResolver, type IPassportVerifier } from './types/plugins.js';
import { type ISocketContext } from './types/socket.js';
import { type ISocketNamespaceOptions, type ISocketNamespaceRecord } from './types/socketNamespace.js';

export type { AppLifecycle } from './core/app.js';

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
  /**
   * The history store of the namespaces declared with `history` (`RedisHistory` for several processes).
   * Default when some namespace declares history: a `MemoryHistory` (this process only).
   */
  history?: IHistoryStore;
  /**
   * Where closed connections of history namespaces leave their session for recovery (`RedisSessionStore` for
   * several processes). Default when some namespace declares history: a `MemorySessionStore`.
   */
  sessions?: ISessionStore;
}

/** Options of `app.appClose()`. */
export interface ISocketAppCloseOptions {
  /**
   * A restart (rolling deploy) instead of a shutdown: clients are closed with 1012 and the reason
   * `service restart; retry-after-ms=<retryAfterMs>`, so they reconnect (to any process) within that many ms
   * and recover. Without it: 1001 `server shutting down`.
   */
  restart?: { retryAfterMs: number };
}

/** The plug-ins an integrator supplies; onions read them through `app.plugins`. */
export interface ISocketAppPlugins {
  passport?: IPassportVerifier;
  instance?: IInstanceResolver;
  executor?: IActionExecutor;
  bus?: IBroadcastBus;
  isReady?: () => boolean;
  /** Set (given or the default) when some namespace declares history, else undefined. */
  history?: IHistoryStore;
  sessions?: ISessionStore;
}

// Beans of every module see this app as `this.app` and the connection whose chain runs as `this.ctx`.
declare module './core/beanHost.js' {
  interface IBeanBaseTypes {
    app: SocketApp;
    context: ISocketContext;
  }
}

/**
 * One a-socket application: the kernel's app with the built-in `a-socket` module first, the host server and the
 * plug-ins, the declared namespaces and their `@SocketEvent` handlers. What it does at `appReady` / `appClose`
 * is the a-socket module's monkey's work (`Monkey`).
 */
export class SocketApp extends App<IAppConfig> {
  readonly workerId: string;
  readonly server?: Server;
  readonly plugins: ISocketAppPlugins;
  /** Declared namespaces and the bean that declares each. */
  readonly namespaces: ReadonlyMap<string, IBeanRegistration>;
  /** The namespaces declared with `history`, and their limits. */
  readonly historyNamespaces: ReadonlyMap<string, IHistoryLimits>;
  /** The `@SocketEvent` handlers by namespace and event name. */
  readonly eventHandlers: SocketEventTable;
  /** What `appClose` was asked for; read by the socket service while it closes the clients. */
  closeOptions: ISocketAppCloseOptions = {};
  /** The built-in singletons behind the getters below, resolved on first use: namespace beans send through them. */
  private readonly builtIns: {
    onion?: IBeanRecord['a-socket.service.onion'];
    socketEvent?: IBeanRecord['a-socket.service.socketEvent'];
    metrics?: IBeanRecord['a-socket.service.metrics'];
    registry?: IBeanRecord['a-socket.bean.socket'];
  } = {};

  constructor(builtInModule: IModule, options: ISocketAppOptions = {}) {
    super({
      modules: [builtInModule, ...(options.modules ?? [])],
      config: deepMerge({ onions: {} }, options.config),
      logger: options.logger,
    });
    this.workerId = options.workerId ?? randomUUID();
    this.server = options.server;
    this.plugins = {
      passport: options.passport,
      instance: options.instance,
      executor: options.executor,
      bus: options.bus,
      isReady: options.isReady,
    };
    this.namespaces = collectNamespaces(this.beans);
    this.historyNamespaces = collectHistoryNamespaces(this.namespaces);
    if (this.historyNamespaces.size > 0) {
      this.plugins.history = options.history ?? new MemoryHistory({ logger: this.logger });
      this.plugins.sessions = options.sessions ?? new MemorySessionStore();
    }
    this.eventHandlers = new SocketEventTable(this.beans, this.namespaces);
    // Sorting now turns a cycle or an unknown onion name into a start-up error.
    for (const scene of ['socketConnection', 'socketPacket'] as const) this.onion.onions(scene);
  }

  /** The onion chains of every namespace. */
  get onion(): IBeanRecord['a-socket.service.onion'] {
    return (this.builtIns.onion ??= this.bean('a-socket.service.onion'));
  }

  /** send / broadcast by connection id and namespace name. */
  get socketEvent(): IBeanRecord['a-socket.service.socketEvent'] {
    return (this.builtIns.socketEvent ??= this.bean('a-socket.service.socketEvent'));
  }

  /** This app's counters, as plain numbers; `prometheusMetrics(app)` from `a-socket/metrics` exposes them to Prometheus. */
  get metrics(): IBeanRecord['a-socket.service.metrics'] {
    return (this.builtIns.metrics ??= this.bean('a-socket.service.metrics'));
  }

  /** The client registry of this process. */
  get registry(): IBeanRecord['a-socket.bean.socket'] {
    return (this.builtIns.registry ??= this.bean('a-socket.bean.socket'));
  }

  /**
   * The bean of a declared namespace, with typed `send` / `broadcast`: by path (typed by `ISocketNamespaceRecord`),
   * or by its class, typed as that class with its own methods (`app.socketNamespace(SocketNamespaceTodos)`).
   */
  socketNamespace<K extends keyof ISocketNamespaceRecord>(
    namespace: K,
  ): BeanSocketNamespaceBase<ISocketNamespaceRecord[K]>;
  socketNamespace<T extends BeanSocketNamespaceBase<object>>(namespaceClass: BeanClass<T>): T;
  socketNamespace(namespace: string): BeanSocketNamespaceBase;
  socketNamespace(namespace: string | BeanClass<BeanSocketNamespaceBase<object>>): BeanSocketNamespaceBase<object> {
    const registration =
      typeof namespace === 'string'
        ? this.namespaces.get(namespace)
        : [...this.namespaces.values()].find(candidate => candidate.beanClass === namespace);
    if (!registration) {
      const known = [...this.namespaces.keys()].join(', ');
      throw new ASocketError(
        'NAMESPACE_UNKNOWN',
        typeof namespace === 'string'
          ? `Namespace "${namespace}" is not declared (declared: ${known})`
          : `Class ${namespace.name} is not a namespace bean of this app (declared: ${known}): decorate it with @SocketNamespace and list it in a module's beans`,
      );
    }
    return this.bean<BeanSocketNamespaceBase>(registration.fullName);
  }

  /**
   * Closes the app (see `App.appClose`); `{ restart: { retryAfterMs } }` closes clients with 1012 and a retry
   * hint instead of 1001. Idempotent: the options of the first call count.
   */
  override async appClose(options: ISocketAppCloseOptions = {}): Promise<void> {
    if (this.lifecycle !== 'closing' && this.lifecycle !== 'closed') {
      const retryAfterMs = options.restart?.retryAfterMs;
      if (options.restart !== undefined && (!Number.isInteger(retryAfterMs) || (retryAfterMs as number) < 0)) {
        throw new ASocketError(
          'APP_STATE',
          `appClose({ restart: { retryAfterMs: ${String(retryAfterMs)} } }): retryAfterMs must be an integer >= 0`,
        );
      }
      this.closeOptions = options;
    }
    return super.appClose();
  }

  /** True once `appReady` finished and the host app says it is ready; false again while closing. */
  override get isReady(): boolean {
    return super.isReady && (this.plugins.isReady?.() ?? true);
  }
}

function collectNamespaces(beans: readonly IBeanRegistration[]): Map<string, IBeanRegistration> {
  const namespaces = new Map<string, IBeanRegistration>();
  for (const registration of beans) {
    if (registration.scene !== 'socketNamespace') continue;
    const namespace = (registration.options as Partial<ISocketNamespaceOptions>).namespace;
    if (
      typeof namespace !== 'string' ||
      !/^\/[^?#\s]*$/.test(namespace) ||
      (namespace !== '/' && namespace.endsWith('/'))
    ) {
      throw new ASocketError(
        'NAMESPACE_INVALID',
        `${registration.beanClass.name} declares namespace ${JSON.stringify(namespace)}: use a path like "/" or "/chat"`,
      );
    }
    const clash = namespaces.get(namespace);
    // The built-in root bean gives way to a module's own "/" bean.
    if (clash && !(namespace === '/' && clash.moduleName === 'a-socket')) {
      throw new ASocketError(
        'NAMESPACE_DUPLICATE',
        `Namespace "${namespace}" is declared by both ${clash.beanClass.name} and ${registration.beanClass.name}`,
      );
    }
    namespaces.set(namespace, registration);
  }
  return namespaces;
}
