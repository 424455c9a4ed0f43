import { beanFullName, deriveBeanName, onionName } from './beanName.js';
import { ASocketError } from './error.js';
import { type BeanScene, getBeanMetadata } from './metadata.js';
import { type BeanClass, type IModule } from './module.js';

/** One bean as registration found it: where it comes from, its names and declared options. */
export interface IBeanRecord {
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

/** Reads the decorator metadata of every module's beans, in registration order. Touches no container. */
export function collectBeanRecords(modules: readonly IModule[]): IBeanRecord[] {
  const records: IBeanRecord[] = [];
  const moduleNames = new Set<string>();
  const fullNames = new Map<string, IBeanRecord>();
  const classes = new Set<BeanClass>();
  for (const module of modules) {
    if (moduleNames.has(module.name)) {
      throw new ASocketError('MODULE_INVALID', `Module "${module.name}" is registered twice: pass each module once`);
    }
    moduleNames.add(module.name);
    for (const beanClass of module.beans) {
      const metadata = typeof beanClass === 'function' ? getBeanMetadata(beanClass) : undefined;
      if (!metadata) {
        const label = typeof beanClass === 'function' ? beanClass.name : String(beanClass);
        throw new ASocketError(
          'BEAN_INVALID',
          `${label} in module "${module.name}" is not a bean: decorate it with @Bean, @Service, @SocketNamespace, @SocketConnection or @SocketPacket`,
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
      const record: IBeanRecord = {
        moduleName: module.name,
        scene: metadata.scene,
        beanName,
        fullName: beanFullName(module.name, metadata.scene, beanName),
        onionName: onionName(module.name, beanName),
        beanClass,
        options: metadata.options as Record<string, unknown>,
      };
      const clash = fullNames.get(record.fullName);
      if (clash) {
        throw new ASocketError(
          'BEAN_DUPLICATE',
          `Bean name "${record.fullName}" is taken by both ${clash.beanClass.name} and ${beanClass.name}: give one a name option`,
        );
      }
      fullNames.set(record.fullName, record);
      records.push(record);
    }
  }
  return records;
}
