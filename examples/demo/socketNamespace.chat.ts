import { BeanSocketNamespaceBase, SocketNamespace } from '../../src/index.js';

export interface IChatMessage {
  /** Name of the sender's identity. */
  from: string;
  text: string;
  /** Server time in ms since the epoch. */
  at: number;
}

export interface IChatPresence {
  /** Names of the identified users connected to `/chat`, sorted, each once. */
  online: string[];
}

export interface IChatEvents {
  'chat:message': IChatMessage;
  'chat:presence': IChatPresence;
}

/** The `/chat` namespace (path `/ws/chat`) that the demo's browser page talks to. */
@SocketNamespace({ namespace: '/chat' })
export class SocketNamespaceChat extends BeanSocketNamespaceBase<IChatEvents> {}
