import { type ISocketContext } from '../types/socket.js';
import { type ILogger } from '../types/plugins.js';
import { currentSocketContext } from './context.js';
import { ASocketError } from './error.js';
import { type ModuleScope } from './moduleScope.js';
import { type SocketApp } from '../socketApp.js';

const BEAN_INIT = Symbol('a-socket:beanInit');

interface IBeanBinding {
  app: SocketApp;
  scope: ModuleScope;
}

/** Base of every bean: the app, the current connection's `ctx`, its module's `scope` and a logger. */
export class BeanBase<TConfig = unknown> {
  private [BEAN_INIT]?: IBeanBinding;

  protected get app(): SocketApp {
    return this.binding().app;
  }

  /** The connection whose chain is running, or undefined outside one. */
  protected get ctx(): ISocketContext | undefined {
    return currentSocketContext();
  }

  protected get scope(): ModuleScope<TConfig> {
    return this.binding().scope as ModuleScope<TConfig>;
  }

  protected get logger(): ILogger {
    return this.binding().app.logger;
  }

  private binding(): IBeanBinding {
    const binding = this[BEAN_INIT];
    if (!binding) {
      throw new ASocketError(
        'BEAN_INVALID',
        `${this.constructor.name} was not created by the container: get beans through app.bean(...) or injection`,
      );
    }
    return binding;
  }
}

/** Called by the container when it creates a bean. */
export function initBean(bean: object, app: SocketApp, scope: ModuleScope): void {
  if (bean instanceof BeanBase) (bean as unknown as Record<symbol, IBeanBinding>)[BEAN_INIT] = { app, scope };
}
