import { AsyncLocalStorage } from 'node:async_hooks';
import { type BeanBaseContext } from './beanHost.js';

/**
 * The context of the work that is running (for the a-socket module: the connection whose chain runs). Work
 * runs inside `contextStorage.run(context, ...)`; `ctx` in beans reads it.
 */
export const contextStorage = new AsyncLocalStorage<BeanBaseContext>();

/** The context of the work that is running, or undefined outside any. */
export function currentContext(): BeanBaseContext | undefined {
  return contextStorage.getStore();
}
