/** Small promise helpers so tests wait for events, never for wall-clock time. */

/** Resolves with the arguments of the next call of a handler subscribed through `subscribe`. */
export function nextCall<Args extends unknown[]>(
  subscribe: (handler: (...args: Args) => void) => () => void,
): Promise<Args> {
  return new Promise(resolve => {
    const unsubscribe = subscribe((...args) => {
      unsubscribe();
      resolve(args);
    });
  });
}

/** Resolves with the first value of `subscribe`'s handler that satisfies `match`. */
export function firstCall<Args extends unknown[]>(
  subscribe: (handler: (...args: Args) => void) => () => void,
  match: (...args: Args) => boolean,
): Promise<Args> {
  return new Promise(resolve => {
    const unsubscribe = subscribe((...args) => {
      if (!match(...args)) return;
      unsubscribe();
      resolve(args);
    });
  });
}

/** Polls `predicate` every few ms; for conditions nothing announces (e.g. the server's connection count). */
export async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

/** Lets pending I/O callbacks and timers of zero delay run. */
export function settle(ms = 20): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
