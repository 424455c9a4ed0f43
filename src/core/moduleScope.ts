import { type BeanScene } from './metadata.js';
import { beanFullName } from './beanName.js';
import { type SocketApp } from '../socketApp.js';

/** A module's view of itself: its resolved config and its beans by name. */
export class ModuleScope<TConfig = unknown> {
  constructor(
    private readonly app: SocketApp,
    readonly name: string,
    readonly config: TConfig,
  ) {}

  /** A bean of this module by scene and bean name, e.g. `scope.bean('bean', 'ssrHmr')`. */
  bean<T extends object>(scene: BeanScene, beanName: string): T {
    return this.app.bean<T>(beanFullName(this.name, scene, beanName));
  }
}
