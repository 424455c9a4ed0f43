import { BeanBase } from '../core/beanBase.js';
import { Service } from '../core/decorators.js';
import { type OnionScene } from '../types/onion.js';
import {
  OnionChains,
  type ConnectionChain,
  type IConnectionChains,
  type IOnionRecord,
  type PacketChain,
} from './onionChains.js';

export type { ConnectionChain, IConnectionChains, IOnionRecord, PacketChain } from './onionChains.js';

/**
 * The scene registry: sorted onions per scene, selection per namespace, composed chains cached per namespace.
 * `reload()` replaces them all at once, and only with a set that sorts and composes.
 */
@Service()
export class ServiceOnion extends BeanBase {
  private current?: OnionChains;

  private get chains(): OnionChains {
    return (this.current ??= new OnionChains(this.app));
  }

  /** Every onion of a scene in run order. Throws on a cycle or an unknown name. */
  onions(scene: OnionScene): IOnionRecord[] {
    return this.chains.onions(scene);
  }

  /** The onions of a scene that run in a namespace: enabled, passing match/ignore and meta. */
  select(scene: OnionScene, namespace: string): IOnionRecord[] {
    return this.chains.select(scene, namespace);
  }

  /** The ordered onion names that would run: a debugging aid. */
  inspect(scene: OnionScene, namespace: string): string[] {
    return this.select(scene, namespace).map(onion => onion.name);
  }

  /** The `enter` and `exit` chains of a namespace as a pair: what a connection holds from its arrival to its exit. */
  connectionChains(namespace: string): IConnectionChains {
    return this.chains.connectionChains(namespace);
  }

  connectionChain(method: 'enter' | 'exit', namespace: string): ConnectionChain {
    return this.chains.connectionChains(namespace)[method];
  }

  packetChain(namespace: string): PacketChain {
    return this.chains.packetChain(namespace);
  }

  /**
   * Creates every onion bean these namespaces use and composes their chains now: an onion that cannot be
   * created (an unbound injection, a throwing constructor) fails start-up naming it, instead of every
   * connection closing with 1011.
   */
  prepare(namespaces: Iterable<string>): void {
    this.chains.prepare(namespaces);
  }

  /**
   * Rebuilds the onions from the current config (`app.config.onions`) and swaps them in: new connections
   * and every packet from now on run the new chains. A connection that entered before keeps its own `enter` /
   * `exit` pair, so each onion it entered through runs its `exit` when it leaves. The new onions are sorted
   * and composed for every declared namespace before the swap: a cycle, an unknown name or an onion that
   * cannot be created throws the same ASocketError start-up gives, and the old chains stay in place.
   */
  reload(): void {
    const next = new OnionChains(this.app);
    next.prepare(this.app.namespaces.keys());
    this.current = next;
  }
}
