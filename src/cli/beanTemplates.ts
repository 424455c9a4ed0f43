/** The scenes `a-socket create` writes a bean for. */
export const CREATABLE_SCENES = ['socketNamespace', 'socketConnection', 'socketPacket'] as const;
export type CreatableScene = (typeof CREATABLE_SCENES)[number];

export interface IBeanTemplateInput {
  /** Bean name, camelCase: `chat` → `SocketNamespaceChat`, file `socketNamespace.chat.ts`. */
  name: string;
  /** The module the bean belongs to: its onion name is `<module>:<name>`. */
  module: string;
  /** Namespace path of a socketNamespace bean, `/<name>` by default. */
  namespace: string;
}

/** `chat` → `Chat`: the class name is the scene prefix plus this (DESIGN §2). */
export function pascalName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function beanClassName(scene: CreatableScene, name: string): string {
  return `${scene.charAt(0).toUpperCase()}${scene.slice(1)}${pascalName(name)}`;
}

export function beanFileName(scene: CreatableScene, name: string): string {
  return `${scene}.${name}.ts`;
}

/** The source of a new bean file: compiles as it is, imports from 'a-socket', declares its typed records. */
export function renderBeanTemplate(scene: CreatableScene, input: IBeanTemplateInput): string {
  return TEMPLATES[scene](input);
}

/** The typed-record entry of a namespace; `/` is declared by a-socket itself, with loose events. */
function namespaceRecord(namespace: string, events: string): string {
  if (namespace === '/')
    return `// '/' is declared by a-socket with untyped events: ISocketNamespaceRecord['/'] stays as it is.\n`;
  return `declare module 'a-socket' {
  interface ISocketNamespaceRecord {
    '${namespace}': ${events};
  }
}
`;
}

const TEMPLATES: Record<CreatableScene, (input: IBeanTemplateInput) => string> = {
  socketNamespace: ({ name, module, namespace }) => {
    const className = beanClassName('socketNamespace', name);
    const events = `I${pascalName(name)}Events`;
    return `import { BeanSocketNamespaceBase, SocketEvent, SocketNamespace, type ISocketEventContext } from 'a-socket';

/** Events the ${namespace} namespace sends to its clients, with their data. */
export interface ${events} {
  '${name}:changed': { id: string };
}

/**
 * The ${namespace} namespace (clients connect to /ws${namespace === '/' ? '' : namespace}). \`send\` and \`broadcast\` are typed by
 * ${events}; \`@SocketEvent\` methods handle what clients send. Add it to the beans of module "${module}".
 */
@SocketNamespace({ namespace: '${namespace}' })
export class ${className} extends BeanSocketNamespaceBase<${events}> {
  /** Pass a Standard Schema (e.g. a zod schema) as \`{ schema }\` to validate the data and type it. */
  @SocketEvent('${name}:ping')
  ping(_data: unknown, { ws }: ISocketEventContext) {
    ws.sendEvent('${name}:pong', { at: Date.now() });
  }
}

${namespaceRecord(namespace, events)}`;
  },

  socketConnection: ({ name, module }) => {
    const className = beanClassName('socketConnection', name);
    const options = `ISocketConnectionOptions${pascalName(name)}`;
    return `import {
  BeanBase,
  SocketConnection,
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from 'a-socket';

export type ${options} = ISocketConnectionOptions;

/**
 * Connection onion "${module}:${name}": \`enter\` runs when a client connects (throw a SocketCloseError to
 * refuse it), \`exit\` when it leaves, also after a refusal. After a-socket:ready the connection is fully set up.
 */
@SocketConnection<${options}>({ dependencies: 'a-socket:ready' })
export class ${className} extends BeanBase implements ISocketConnectionExecute<${options}> {
  async enter(ws: ISocketWebSocket, _options: ${options}, next: SocketConnectionNext) {
    this.logger.debug(\`\${ws.id} entered \${ws.namespace}\`);
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: ${options}, next: SocketConnectionNext) {
    this.logger.debug(\`\${ws.id} left \${ws.namespace}\`);
    return next();
  }
}

declare module 'a-socket' {
  interface ISocketConnectionRecord {
    '${module}:${name}': ${options};
  }
}
`;
  },

  socketPacket: ({ name, module }) => {
    const className = beanClassName('socketPacket', name);
    const options = `ISocketPacketOptions${pascalName(name)}`;
    return `import {
  BeanBase,
  SocketPacket,
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type ISocketWebSocket,
  type SocketPacketData,
  type SocketPacketNext,
} from 'a-socket';

export type ${options} = ISocketPacketOptions;

/**
 * Packet onion "${module}:${name}": runs for every message, after a-socket:event has parsed it into
 * [eventName, data] and before the @SocketEvent handlers (a-socket:socketEvent). Not calling next() stops the
 * message here; next(value) replaces what the onions after this one see.
 */
@SocketPacket<${options}>({ dependencies: 'a-socket:event', dependents: 'a-socket:socketEvent' })
export class ${className} extends BeanBase implements ISocketPacketExecute<${options}> {
  execute(data: unknown, ws: ISocketWebSocket, _options: ${options}, next: SocketPacketNext) {
    const [eventName] = data as SocketPacketData;
    this.logger.debug(\`\${ws.id} sent \${eventName ?? 'a raw frame'}\`);
    return next();
  }
}

declare module 'a-socket' {
  interface ISocketPacketRecord {
    '${module}:${name}': ${options};
  }
}
`;
  },
};
