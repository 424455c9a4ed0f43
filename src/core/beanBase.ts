import { type BeanBaseApp, type BeanBaseContext, type IBeanHost } from './beanHost.js';
import { currentContext } from './context.js';
import { ASocketError } from './error.js';
import { type ILogger } from './logger.js';
import { type ModuleScope } from './moduleScope.js';

const BEAN_INIT = Symbol('a-socket:beanInit');

interface IBeanBinding {
  app: IBeanHost;
  scope: ModuleScope;
}

/** Base of every bean: the app, the current context `ctx`, its module's `scope` and a logger. */
export class BeanBase<TConfig = unknown> {
  private [BEAN_INIT]?: IBeanBinding;

  protected get app(): BeanBaseApp {
    return this.binding().app as BeanBaseApp;
  }

  /** The context of the work that is running (in the a-socket module: the connection whose chain runs), or undefined outside one. */
  protected get ctx(): BeanBaseContext | undefined {
    return currentContext();
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
export function initBean(bean: object, app: IBeanHost, scope: ModuleScope): void {
  if (bean instanceof BeanBase) (bean as unknown as Record<symbol, IBeanBinding>)[BEAN_INIT] = { app, scope };
}
