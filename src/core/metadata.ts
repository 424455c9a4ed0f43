import 'reflect-metadata';

export type BeanScene = 'bean' | 'service' | 'socketNamespace' | 'socketConnection' | 'socketPacket';

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
