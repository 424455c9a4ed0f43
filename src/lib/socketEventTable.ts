import { type IBeanRegistration } from '../core/beanRegistration.js';
import { ASocketError } from '../core/error.js';
import { sceneClassPrefix } from '../core/beanName.js';
import { getSocketEventDeclarations } from './socketEventMetadata.js';
import { type StandardSchemaV1 } from '../types/standardSchema.js';

/** Where one client event of one namespace goes. */
export interface ISocketEventRoute {
  namespace: string;
  eventName: string;
  /** The namespace bean that declares the handler. */
  bean: IBeanRegistration;
  methodName: string | symbol;
  schema?: StandardSchemaV1;
  /** `Class.method`, for logs and errors. */
  label: string;
}

/**
 * The `@SocketEvent` handlers of an app by namespace and event name, read once from the metadata when the
 * app is created, so a misplaced or duplicate handler is a start-up error and dispatch is two Map lookups.
 */
export class SocketEventTable {
  private readonly routes = new Map<string, Map<string, ISocketEventRoute>>();

  /**
   * `namespaces`: each declared namespace and the bean that declares it (the app's effective ones).
   * Throws `EVENT_INVALID` for handlers on a bean that is not a namespace bean, `EVENT_DUPLICATE` for two
   * handlers of one event in one namespace.
   */
  constructor(beans: readonly IBeanRegistration[], namespaces: ReadonlyMap<string, IBeanRegistration>) {
    for (const bean of beans) {
      const declarations = getSocketEventDeclarations(bean.beanClass);
      if (declarations.length === 0 || bean.scene === 'socketNamespace') continue;
      const first = declarations[0];
      throw new ASocketError(
        'EVENT_INVALID',
        `${bean.beanClass.name}.${String(first.methodName)} handles "${first.eventName}" but ${bean.beanClass.name} is declared with @${sceneClassPrefix(bean.scene)}: @SocketEvent methods belong to @SocketNamespace beans`,
      );
    }
    for (const [namespace, bean] of namespaces) {
      const events = new Map<string, ISocketEventRoute>();
      for (const { eventName, methodName, schema } of getSocketEventDeclarations(bean.beanClass)) {
        const label = `${bean.beanClass.name}.${String(methodName)}`;
        const clash = events.get(eventName);
        if (clash) {
          throw new ASocketError(
            'EVENT_DUPLICATE',
            `Event "${eventName}" on namespace "${namespace}" has two handlers, ${clash.label} and ${label}: keep one`,
          );
        }
        events.set(eventName, { namespace, eventName, bean, methodName, schema, label });
      }
      if (events.size > 0) this.routes.set(namespace, events);
    }
  }

  /** The handler of an event in a namespace, or undefined: the packet passes on. */
  find(namespace: string, eventName: string): ISocketEventRoute | undefined {
    return this.routes.get(namespace)?.get(eventName);
  }

  /** The handled events of a namespace, in declaration order (for `inspect`). */
  list(namespace: string): ISocketEventRoute[] {
    return [...(this.routes.get(namespace)?.values() ?? [])];
  }
}
