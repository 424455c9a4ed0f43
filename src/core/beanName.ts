import { type BeanScene } from './metadata.js';

/** A scene's name as a class prefix and decorator name: `socketConnection` → `SocketConnection`. */
export function sceneClassPrefix(scene: BeanScene): string {
  return scene.charAt(0).toUpperCase() + scene.slice(1);
}

/**
 * `SocketConnectionAlive` → `alive`; a class without the scene prefix keeps its name, first letter lower-cased.
 * The prefix is a whole word: `Beanstalk` keeps its name (`beanstalk`), it is not `stalk`.
 */
export function deriveBeanName(scene: BeanScene, className: string): string {
  const prefix = sceneClassPrefix(scene);
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
