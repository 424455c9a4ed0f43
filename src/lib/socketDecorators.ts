import { createBeanDecorator, type ClassDecoratorOf, type IBeanOptions } from '../core/decorators.js';
import { type ISocketConnectionOptions } from '../types/socketConnection.js';
import { type ISocketNamespaceOptions } from '../types/socketNamespace.js';
import { type ISocketPacketOptions } from '../types/socketPacket.js';

const socketNamespace = createBeanDecorator('socketNamespace');
const socketConnection = createBeanDecorator('socketConnection');
const socketPacket = createBeanDecorator('socketPacket');

/** Declares a namespace; the class usually extends `BeanSocketNamespaceBase`. */
export function SocketNamespace<T extends ISocketNamespaceOptions>(options: T & IBeanOptions): ClassDecoratorOf {
  return socketNamespace(options);
}

/** Declares a connection onion: `enter` runs when a client connects, `exit` when it leaves. */
export function SocketConnection<T extends ISocketConnectionOptions>(
  options: T & IBeanOptions = {} as T,
): ClassDecoratorOf {
  return socketConnection(options);
}

/** Declares a packet onion: `execute` runs for every message. */
export function SocketPacket<T extends ISocketPacketOptions>(options: T & IBeanOptions = {} as T): ClassDecoratorOf {
  return socketPacket(options);
}
