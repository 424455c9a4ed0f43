import { ASocketError } from '../error.js';

/** Calls the rest of the chain; a value passed replaces the data seen downstream. */
export type OnionNext<T> = (data?: T) => Promise<unknown>;
export type OnionMiddleware<T, C> = (data: T, context: C, next: OnionNext<T>) => unknown;
export type ComposedOnion<T, C> = (data: T, context: C, last?: (data: T) => unknown) => Promise<unknown>;

/**
 * koa-style composition: each middleware gets `next`; not calling it stops the chain, calling it twice
 * is an error, and errors propagate to the caller. `context` reaches every middleware unchanged;
 * `last` runs after the innermost middleware.
 */
export function compose<T, C>(
  middlewares: readonly OnionMiddleware<T, C>[],
  names?: readonly string[],
): ComposedOnion<T, C> {
  middlewares.forEach((middleware, index) => {
    if (typeof middleware !== 'function') {
      const label = names?.[index] ?? `#${index}`;
      throw new ASocketError('ONION_NOT_FUNCTION', `Onion ${label} is not a function (got ${typeof middleware})`);
    }
  });
  const chain = [...middlewares];
  return function composed(data, context, last) {
    let calledUpTo = -1;
    const dispatch = async (index: number, current: T): Promise<unknown> => {
      if (index <= calledUpTo) {
        const label = names?.[index - 1] ?? `#${index - 1}`;
        throw new ASocketError('ONION_NEXT_TWICE', `next() called more than once by onion ${label}`);
      }
      calledUpTo = index;
      const middleware = chain[index];
      if (middleware === undefined) return last?.(current);
      return middleware(current, context, (replacement?: T) =>
        dispatch(index + 1, replacement === undefined ? current : replacement),
      );
    };
    return dispatch(0, data);
  };
}
