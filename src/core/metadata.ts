import 'reflect-metadata';

/** Options every bean decorator takes. */
export interface IBeanOptions {
  /** Bean name; by default the class name without its scene prefix, first letter lower-cased. */
  name?: string;
}

/**
 * The scenes (kinds of bean) and the options their decorators take. The kernel knows `bean` and `service`; a
 * module declares its own by declaration merging (the a-socket module: `socketNamespace`, `socketConnection`,
 * `socketPacket`) and makes their decorators with `createBeanDecorator`.
 */
export interface IBeanSceneRecord {
  bean: IBeanOptions;
  service: IBeanOptions;
}

export type BeanScene = Extract<keyof IBeanSceneRecord, string>;

export interface IBeanMetadata {
  scene: BeanScene;
  /** Explicit bean name; derived from the class name when absent. */
  name?: string;
  options: object;
}

const BEAN_METADATA_KEY = Symbol.for('a-socket:bean');

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function setBeanMetadata(target: Function, metadata: IBeanMetadata): void {
  Reflect.defineMetadata(BEAN_METADATA_KEY, metadata, target);
}

/** Own metadata only: a subclass of a decorated bean is not a bean until it is decorated itself. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function getBeanMetadata(target: Function): IBeanMetadata | undefined {
  return Reflect.getOwnMetadata(BEAN_METADATA_KEY, target) as IBeanMetadata | undefined;
}
