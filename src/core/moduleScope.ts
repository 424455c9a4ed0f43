import { beanFullName } from './beanName.js';
import { type IBeanHost } from './beanHost.js';
import { type BeanScene } from './metadata.js';

/**
 * Config of each module by module name, for `app.scope(name).config`: each module adds its own by declaration
 * merging, as module authors do with `declare module 'a-socket' { interface IModuleConfigRecord { ... } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IModuleConfigRecord {}

/** A module's view of itself: its resolved config and its beans by name. */
export class ModuleScope<TConfig = unknown> {
  constructor(
    private readonly app: IBeanHost,
    readonly name: string,
    readonly config: TConfig,
  ) {}

  /** A bean of this module by scene and bean name, e.g. `scope.bean('bean', 'ssrHmr')`. */
  bean<T extends object>(scene: BeanScene, beanName: string): T {
    return this.app.bean<T>(beanFullName(this.name, scene, beanName));
  }
}
