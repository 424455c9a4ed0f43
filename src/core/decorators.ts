import { injectable } from 'inversify';
import { type BeanScene, setBeanMetadata } from './metadata.js';
import { refuseStandardDecorator } from './standardDecoratorCheck.js';
import { type ISocketNamespaceOptions } from '../types/socketNamespace.js';
import { type ISocketConnectionOptions } from '../types/socketConnection.js';
import { type ISocketPacketOptions } from '../types/socketPacket.js';

export interface IBeanOptions {
  /** Bean name; by default the class name without its scene prefix, first letter lower-cased. */
  name?: string;
}

type ClassDecoratorOf = <T extends abstract new (...args: never[]) => unknown>(target: T) => T;

function beanDecorator(scene: BeanScene, options: object & IBeanOptions): ClassDecoratorOf {
  // The decorator's name is its scene's: bean → @Bean, socketNamespace → @SocketNamespace.
  const decorator = scene[0].toUpperCase() + scene.slice(1);
  return (target, context?: unknown) => {
    refuseStandardDecorator(decorator, 'BEAN_INVALID', context);
    const { name, ...rest } = options;
    setBeanMetadata(target, { scene, name, options: rest });
    injectable()(target);
    return target;
  };
}

/** A plain bean: injectable, reachable by name through its module's scope. */
export function Bean(options: IBeanOptions = {}): ClassDecoratorOf {
  return beanDecorator('bean', options);
}

export function Service(options: IBeanOptions = {}): ClassDecoratorOf {
  return beanDecorator('service', options);
}

/** Declares a namespace; the class usually extends `BeanSocketNamespaceBase`. */
export function SocketNamespace<T extends ISocketNamespaceOptions>(options: T & IBeanOptions): ClassDecoratorOf {
  return beanDecorator('socketNamespace', options);
}

/** Declares a connection onion: `enter` runs when a client connects, `exit` when it leaves. */
export function SocketConnection<T extends ISocketConnectionOptions>(
  options: T & IBeanOptions = {} as T,
): ClassDecoratorOf {
  return beanDecorator('socketConnection', options);
}

/** Declares a packet onion: `execute` runs for every message. */
export function SocketPacket<T extends ISocketPacketOptions>(options: T & IBeanOptions = {} as T): ClassDecoratorOf {
  return beanDecorator('socketPacket', options);
}
