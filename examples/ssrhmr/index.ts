import { defineModule } from '../../src/index.js';
import { BeanSsrHmr } from './bean.ssrHmr.js';
import { SocketNamespaceSsrHmr, type ISsrHmrEvents } from './socketNamespace.ssrHmr.js';

export { BeanSsrHmr } from './bean.ssrHmr.js';
export { SocketNamespaceSsrHmr } from './socketNamespace.ssrHmr.js';
export type { ISsrHmrEvents } from './socketNamespace.ssrHmr.js';

/** The ssrhmr module: the `/ssrhmr` namespace and the bean that triggers `reload` on it. */
export const moduleSsrHmr = defineModule({
  name: 'a-ssrhmr',
  beans: [SocketNamespaceSsrHmr, BeanSsrHmr],
});

// Inside this repository the runtime is imported by path, so the augmentation names that path;
// a project using the package writes `declare module 'a-socket'` instead.
declare module '../../src/index.js' {
  interface ISocketNamespaceRecord {
    '/ssrhmr': ISsrHmrEvents;
  }
}
