import { type BeanScene } from './metadata.js';

const CLASS_PREFIX: Record<BeanScene, string> = {
  bean: 'Bean',
  service: 'Service',
  socketNamespace: 'SocketNamespace',
  socketConnection: 'SocketConnection',
  socketPacket: 'SocketPacket',
};

/**
 * `SocketConnectionAlive` → `alive`; a class without the scene prefix keeps its name, first letter lower-cased.
 * The prefix is a whole word: `Beanstalk` keeps its name (`beanstalk`), it is not `stalk`.
 */
export function deriveBeanName(scene: BeanScene, className: string): string {
  const prefix = CLASS_PREFIX[scene];
  const rest = className.slice(prefix.length);
  const stripped = className.startsWith(prefix) && /^[A-Z0-9]/.test(rest) ? rest : className;
  return stripped.charAt(0).toLowerCase() + stripped.slice(1);
}

/** `a-socket.socketConnection.alive` */
export function beanFullName(moduleName: string, scene: BeanScene, beanName: string): string {
  return `${moduleName}.${scene}.${beanName}`;
}

/** `a-socket:alive`: what `dependencies`, `dependents` and config overrides refer to. */
export function onionName(moduleName: string, beanName: string): string {
  return `${moduleName}:${beanName}`;
}
