import { BeanSocketNamespaceBase, SocketNamespace } from '../../src/index.js';

/**
 * Events of the `/ssrhmr` namespace. `reload` carries the server time of the reload (ms since the
 * epoch) rather than nothing, so a client that hears the same reload twice (a reconnect, a second
 * process on the bus) can tell it is the same one.
 */
export interface ISsrHmrEvents {
  reload: { at: number };
}

/** The `/ssrhmr` namespace (path `/ws/ssrhmr`): dev pages listen here and reload when told. */
@SocketNamespace({ namespace: '/ssrhmr' })
export class SocketNamespaceSsrHmr extends BeanSocketNamespaceBase<ISsrHmrEvents> {}
