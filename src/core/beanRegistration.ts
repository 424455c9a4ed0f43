import { beanFullName, deriveBeanName, onionName } from './beanName.js';
import { knownBeanDecorators } from './decorators.js';
import { ASocketError } from './error.js';
import { type BeanScene, getBeanMetadata } from './metadata.js';
import { type BeanClass, type IModule } from './module.js';

/** One bean as registration found it: where it comes from, its names and declared options. */
export interface IBeanRegistration {
  moduleName: string;
  scene: BeanScene;
  beanName: string;
  /** `<module>.<scene>.<beanName>`: its id in the container. */
  fullName: string;
  /** `<module>:<beanName>`: its name in onion dependencies and config overrides. */
  onionName: string;
  beanClass: BeanClass;
  options: Record<string, unknown>;
}

/**
 * Reads the decorator metadata of every module's beans (its monkey included), in registration order. Touches no
 * container.
 */
export function collectBeanRegistrations(modules: readonly IModule[]): IBeanRegistration[] {
  const registrations: IBeanRegistration[] = [];
  const moduleNames = new Set<string>();
  const fullNames = new Map<string, IBeanRegistration>();
  const classes = new Set<BeanClass>();
  for (const module of modules) {
    if (moduleNames.has(module.name)) {
      throw new ASocketError('MODULE_INVALID', `Module "${module.name}" is registered twice: pass each module once`);
    }
    moduleNames.add(module.name);
    for (const beanClass of beansOf(module)) {
      const metadata = typeof beanClass === 'function' ? getBeanMetadata(beanClass) : undefined;
      if (!metadata) {
        const label = typeof beanClass === 'function' ? beanClass.name : String(beanClass);
        throw new ASocketError(
          'BEAN_INVALID',
          `${label} in module "${module.name}" is not a bean: decorate it with ${listOfAlternatives(knownBeanDecorators())}`,
        );
      }
      if (classes.has(beanClass)) {
        throw new ASocketError(
          'BEAN_DUPLICATE',
          `${beanClass.name} is listed twice (seen again in module "${module.name}")`,
        );
      }
      classes.add(beanClass);
      const beanName = metadata.name ?? deriveBeanName(metadata.scene, beanClass.name);
      const registration: IBeanRegistration = {
        moduleName: module.name,
        scene: metadata.scene,
        beanName,
        fullName: beanFullName(module.name, metadata.scene, beanName),
        onionName: onionName(module.name, beanName),
        beanClass,
        options: metadata.options as Record<string, unknown>,
      };
      const clash = fullNames.get(registration.fullName);
      if (clash) {
        throw new ASocketError(
          'BEAN_DUPLICATE',
          `Bean name "${registration.fullName}" is taken by both ${clash.beanClass.name} and ${beanClass.name}: give one a name option`,
        );
      }
      fullNames.set(registration.fullName, registration);
      registrations.push(registration);
    }
  }
  return registrations;
}

/** A module's beans, and its monkey last when it is not listed among them. */
function beansOf(module: IModule): readonly BeanClass[] {
  const monkey = module.monkey;
  return monkey === undefined || module.beans.includes(monkey) ? module.beans : [...module.beans, monkey];
}

/** `@A, @B or @C` */
function listOfAlternatives(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
