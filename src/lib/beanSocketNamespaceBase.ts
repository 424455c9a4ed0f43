import { BeanBase } from '../core/beanBase.js';
import { ASocketError } from '../core/error.js';
import { getBeanMetadata } from '../core/metadata.js';
import { type IDeliveryReceipt, type ISocketEventOptions } from '../types/socketEvent.js';
import { type ISocketNamespaceOptions } from '../types/socketNamespace.js';

/**
 * Base of namespace beans: `send` and `broadcast` bound to the bean's namespace and typed by its events
 * record, e.g. `class SocketNamespaceChat extends BeanSocketNamespaceBase<{ message: { text: string } }>`.
 */
export class BeanSocketNamespaceBase<TEvents extends object = Record<string, unknown>> extends BeanBase {
  get namespace(): string {
    const options = getBeanMetadata(this.constructor)?.options as ISocketNamespaceOptions | undefined;
    if (!options?.namespace) {
      throw new ASocketError(
        'NAMESPACE_INVALID',
        `${this.constructor.name} has no @SocketNamespace({ namespace }) decorator`,
      );
    }
    return options.namespace;
  }

  /**
   * Sends an event to one connection of this namespace, wherever it lives. In a history namespace it goes
   * through the namespace's stream, also to a connection on another process, and resolves with its offset.
   */
  send<K extends keyof TEvents & string>(
    id: string,
    eventName: K,
    data: TEvents[K],
    options?: ISocketEventOptions,
  ): Promise<IDeliveryReceipt> {
    return this.app.socketEvent.send(id, eventName, data, options, this.namespace);
  }

  /** Puts a connection of this namespace in a room, wherever the connection lives. */
  join(id: string, room: string): void {
    this.app.socketEvent.join(id, room);
  }

  leave(id: string, room: string): void {
    this.app.socketEvent.leave(id, room);
  }

  /**
   * Sends an event to every connection of this namespace (or of one room: `{ room }`), in every process.
   * Resolves with `{ epoch, offset }` in a history namespace once the event has its place in the stream, `{}`
   * otherwise; never an unhandled rejection when not awaited.
   */
  broadcast<K extends keyof TEvents & string>(
    eventName: K,
    data: TEvents[K],
    options?: ISocketEventOptions,
  ): Promise<IDeliveryReceipt> {
    return this.app.socketEvent.broadcast(this.namespace, eventName, data, options);
  }
}
