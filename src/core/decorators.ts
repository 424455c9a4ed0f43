import { injectable } from 'inversify';
import { sceneClassPrefix } from './beanName.js';
import { type BeanScene, type IBeanOptions, type IBeanSceneRecord, setBeanMetadata } from './metadata.js';
import { refuseStandardDecorator } from './standardDecoratorCheck.js';

export type { IBeanOptions } from './metadata.js';

export type ClassDecoratorOf = <T extends abstract new (...args: never[]) => unknown>(target: T) => T;

/** `@Bean`, `@Service` and every decorator made since, in the order they were made: for error messages. */
const beanDecoratorNames: string[] = [];

/**
 * Makes the class decorator of a scene, named after it (`bean` → `@Bean`, a module's `socketConnection` →
 * `@SocketConnection`). The decorator only records the scene and its options on the class and makes the class
 * injectable; `createApp` reads the record and binds the bean.
 */
export function createBeanDecorator<K extends BeanScene>(
  scene: K,
): (options: IBeanSceneRecord[K] & IBeanOptions) => ClassDecoratorOf {
  const decorator = sceneClassPrefix(scene);
  if (!beanDecoratorNames.includes(`@${decorator}`)) beanDecoratorNames.push(`@${decorator}`);
  return options => (target, context?: unknown) => {
    refuseStandardDecorator(decorator, 'BEAN_INVALID', context);
    const { name, ...rest } = options;
    setBeanMetadata(target, { scene, name, options: rest });
    injectable()(target);
    return target;
  };
}

/** The bean decorators made so far, e.g. `['@Bean', '@Service', '@SocketNamespace', ...]`. */
export function knownBeanDecorators(): readonly string[] {
  return beanDecoratorNames;
}

const bean = createBeanDecorator('bean');
const service = createBeanDecorator('service');

/** A plain bean: injectable, reachable by name through its module's scope. */
export function Bean(options: IBeanOptions = {}): ClassDecoratorOf {
  return bean(options);
}

export function Service(options: IBeanOptions = {}): ClassDecoratorOf {
  return service(options);
}
