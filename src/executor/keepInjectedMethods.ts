import { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Express swaps the prototype of every request and response it handles (`Object.setPrototypeOf(res,
 * app.response)`), which drops the methods light-my-request's fake request and response get from their own
 * classes: the answer is then written nowhere and the call resolves empty. Copying those methods onto the two
 * objects keeps them through any such swap. (light-my-request's own fix for Express rewires Express's shared
 * prototypes for good, which breaks the app's real HTTP requests afterwards, so the executor never hands it
 * the Express app itself.)
 */
export function keepInjectedMethods(request: object, response: object): void {
  pinMethods(request, Readable.prototype);
  pinMethods(response, ServerResponse.prototype);
}

/** Copies the methods of `target`'s prototypes below `stopAt` onto `target`, without overriding its own. */
function pinMethods(target: object, stopAt: object): void {
  for (let proto = Object.getPrototypeOf(target) as object | null; proto && proto !== stopAt;) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || Object.hasOwn(target, name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof descriptor?.value === 'function') {
        Object.defineProperty(target, name, { value: descriptor.value, writable: true, configurable: true });
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
}
