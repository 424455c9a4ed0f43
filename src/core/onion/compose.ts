import { ASocketError } from '../error.js';

/** Calls the rest of the chain; a value passed replaces the data seen downstream. */
export type OnionNext<T> = (data?: T) => Promise<unknown>;
export type OnionMiddleware<T, C> = (data: T, context: C, next: OnionNext<T>) => unknown;
export type ComposedOnion<T, C> = (data: T, context: C, last?: (data: T) => unknown) => Promise<unknown>;

/**
 * koa-style composition: each middleware gets `next`; not calling it stops the chain, calling it twice
 * is an error, and errors propagate to the caller. `context` reaches every middleware unchanged;
 * `last` runs after the innermost middleware.
 *
 * A run allocates no promise of its own: what a middleware returns is handed back as it is when it is a
 * promise (`Promise.resolve` of a native promise is that promise), so a chain whose innermost onion
 * returns a promise costs exactly that promise, not one more per step. Synchronous throws become
 * rejections, as they would in an async function.
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
  const count = chain.length;
  return function composed(data, context, last) {
    let calledUpTo = -1;
    const dispatch = (index: number, current: T): Promise<unknown> => {
      if (index <= calledUpTo) {
        const label = names?.[index - 1] ?? `#${index - 1}`;
        return Promise.reject(new ASocketError('ONION_NEXT_TWICE', `next() called more than once by onion ${label}`));
      }
      calledUpTo = index;
      try {
        if (index === count) return Promise.resolve(last?.(current));
        return Promise.resolve(
          chain[index](current, context, (replacement?: T) =>
            dispatch(index + 1, replacement === undefined ? current : replacement),
          ),
        );
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0, data);
  };
}
