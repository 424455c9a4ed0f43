import { inject } from 'inversify';
import { Bean, BeanBase } from '../../src/index.js';
import { SocketNamespaceSsrHmr } from './socketNamespace.ssrHmr.js';

/** What other code calls to make every `/ssrhmr` client reload: the namespace stays a transport detail. */
@Bean()
export class BeanSsrHmr extends BeanBase {
  constructor(@inject(SocketNamespaceSsrHmr) private readonly ssrHmr: SocketNamespaceSsrHmr) {
    super();
  }

  /** Broadcasts `reload` to every `/ssrhmr` connection in every process; returns the payload sent. */
  reload(): { at: number } {
    const payload = { at: Date.now() };
    this.ssrHmr.broadcast('reload', payload);
    return payload;
  }
}
