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

/**
 * The `/chat` namespace (path `/ws/chat`) that the demo's browser page talks to. It keeps history (the last
 * 1000 messages for two minutes): a page that lost its connection for a moment is replayed what it missed.
 */
@SocketNamespace({ namespace: '/chat', history: { size: 1000, ttl: 120_000 } })
export class SocketNamespaceChat extends BeanSocketNamespaceBase<IChatEvents> {}
