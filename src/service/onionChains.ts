import { type SocketApp } from '../socketApp.js';
import { type IBeanRegistration } from '../core/beanRegistration.js';
import { ASocketError } from '../core/error.js';
import { compose, type ComposedOnion, type OnionMiddleware } from '../core/onion/compose.js';
import { matchesRule } from '../core/onion/matchRule.js';
import { sortOnions } from '../core/onion/sortOnions.js';
import { deepMerge, toArray } from '../core/util.js';
import { type IOnionOptionsBase, type OnionScene } from '../types/onion.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ISocketConnectionExecute } from '../types/socketConnection.js';
import { type ISocketPacketExecute } from '../types/socketPacket.js';

/** An onion with its effective options: the decorator's, overridden by `config.onions.<scene>[name]`. */
export interface IOnionRecord {
  name: string;
  bean: IBeanRegistration;
  options: IOnionOptionsBase & Record<string, unknown>;
  dependencies?: string | readonly string[];
  dependents?: string | readonly string[];
}

export type ConnectionChain = ComposedOnion<ISocketWebSocket, ISocketWebSocket>;
export type PacketChain = ComposedOnion<unknown, ISocketWebSocket>;

/**
 * The `enter` and `exit` chains of one namespace, composed from the same onions: a connection keeps the pair
 * it entered with, so it exits through exactly the onions it entered through, whatever a reload changed since.
 */
export interface IConnectionChains {
  readonly enter: ConnectionChain;
  readonly exit: ConnectionChain;
}

/**
 * The onions of one configuration: sorted once per scene, selected per namespace, composed chains cached per
 * namespace (no key is built per message). `ServiceOnion` holds the current one and swaps it on reload.
 */
export class OnionChains {
  private readonly sorted = new Map<OnionScene, IOnionRecord[]>();
  private readonly connectionChainsByNamespace = new Map<string, IConnectionChains>();
  private readonly packetChains = new Map<string, PacketChain>();

  constructor(private readonly app: SocketApp) {}

  /** Every onion of a scene in run order. Throws on a cycle or an unknown name. */
  onions(scene: OnionScene): IOnionRecord[] {
    let onions = this.sorted.get(scene);
    if (!onions) {
      const overrides = this.app.config.onions[scene] ?? {};
      const records = this.app.beans
        .filter(bean => bean.scene === scene)
        .map(bean => {
          const options = deepMerge(bean.options, overrides[bean.onionName]) as IOnionRecord['options'];
          return {
            name: bean.onionName,
            bean,
            options,
            dependencies: options.dependencies,
            dependents: options.dependents,
          };
        });
      onions = sortOnions(records);
      this.sorted.set(scene, onions);
    }
    return onions;
  }

  /** The onions of a scene that run in a namespace: enabled, passing match/ignore and meta. */
  select(scene: OnionScene, namespace: string): IOnionRecord[] {
    const mode = this.app.config.mode;
    return this.onions(scene).filter(({ options }) => {
      if (options.enable === false) return false;
      const modes = toArray(options.meta?.mode);
      if (modes.length > 0 && !modes.includes(mode)) return false;
      if (options.meta?.history === true && !this.app.historyNamespaces.has(namespace)) return false;
      return matchesRule(namespace, options.match, options.ignore);
    });
  }

  connectionChains(namespace: string): IConnectionChains {
    let chains = this.connectionChainsByNamespace.get(namespace);
    if (chains === undefined) {
      const onions = this.select('socketConnection', namespace);
      chains = { enter: this.composeConnection(onions, 'enter'), exit: this.composeConnection(onions, 'exit') };
      this.connectionChainsByNamespace.set(namespace, chains);
    }
    return chains;
  }

  packetChain(namespace: string): PacketChain {
    let chain = this.packetChains.get(namespace);
    if (chain === undefined) {
      chain = this.composePacket(this.select('socketPacket', namespace));
      this.packetChains.set(namespace, chain);
    }
    return chain;
  }

  /**
   * Sorts both scenes, creates every onion bean these namespaces use and composes their chains now: a cycle,
   * an unknown name or an onion that cannot be created (an unbound injection, a throwing constructor) throws
   * here, naming it, instead of every connection closing with 1011.
   */
  prepare(namespaces: Iterable<string>): void {
    this.onions('socketConnection');
    this.onions('socketPacket');
    for (const namespace of namespaces) {
      for (const onion of [...this.select('socketConnection', namespace), ...this.select('socketPacket', namespace)]) {
        try {
          this.app.bean(onion.bean.fullName);
        } catch (error) {
          if (error instanceof ASocketError) throw error;
          const reason = error instanceof Error ? error.message : String(error);
          throw new ASocketError(
            'BEAN_INVALID',
            `Onion "${onion.name}" (${onion.bean.beanClass.name}) cannot be created: ${reason}`,
            { cause: error },
          );
        }
      }
      this.connectionChains(namespace);
      this.packetChain(namespace);
    }
  }

  private composeConnection(onions: IOnionRecord[], method: 'enter' | 'exit'): ConnectionChain {
    const middlewares = onions.map(onion => {
      const bean = this.app.bean<ISocketConnectionExecute>(onion.bean.fullName);
      const handler = bean[method]?.bind(bean);
      const middleware: OnionMiddleware<ISocketWebSocket, ISocketWebSocket> = handler
        ? (ws, _context, next) => handler(ws, onion.options, () => next())
        : (_ws, _context, next) => next();
      return middleware;
    });
    return compose(
      middlewares,
      onions.map(onion => onion.name),
    );
  }

  private composePacket(onions: IOnionRecord[]): PacketChain {
    const middlewares = onions.map(onion => {
      const bean = this.app.bean<ISocketPacketExecute>(onion.bean.fullName);
      if (typeof bean.execute !== 'function') {
        throw new ASocketError(
          'ONION_NOT_FUNCTION',
          `Packet onion "${onion.name}" has no execute(data, ws, options, next) method`,
        );
      }
      const middleware: OnionMiddleware<unknown, ISocketWebSocket> = (data, ws, next) =>
        bean.execute(data, ws, onion.options, next);
      return middleware;
    });
    return compose(
      middlewares,
      onions.map(onion => onion.name),
    );
  }
}
