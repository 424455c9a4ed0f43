import { type ILogger } from './logger.js';
import { type BeanClass } from './module.js';

/** What a bean and a module scope see of the app that created them: its beans and its logger. */
export interface IBeanHost {
  readonly logger: ILogger;
  bean<T extends object>(id: string | BeanClass): T;
}

/**
 * The types of `app` and `ctx` in every bean, filled in by declaration merging by the module that builds the
 * app (the a-socket module: `{ app: SocketApp; context: ISocketContext }`), so the kernel names neither.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IBeanBaseTypes {}

/** `this.app` of a bean: the app type a module declared in `IBeanBaseTypes`, else the kernel's view. */
export type BeanBaseApp = IBeanBaseTypes extends { app: infer TApp } ? TApp : IBeanHost;

/** `this.ctx` of a bean while work runs in a context: the type a module declared in `IBeanBaseTypes`. */
export type BeanBaseContext = IBeanBaseTypes extends { context: infer TContext extends object } ? TContext : object;
