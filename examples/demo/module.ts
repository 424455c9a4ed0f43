import { defineModule, type ISocketConnectionOptions } from '../../src/index.js';
import { SocketConnectionPresence } from './socketConnection.presence.js';
import { SocketNamespaceChat, type IChatEvents } from './socketNamespace.chat.js';

/** The demo's own module: the `/chat` namespace and its presence onion. */
export const moduleDemoChat = defineModule({
  name: 'demo-chat',
  beans: [SocketNamespaceChat, SocketConnectionPresence],
});

// Inside this repository the runtime is imported by path; a project using the package writes
// `declare module 'a-socket'`.
declare module '../../src/index.js' {
  interface ISocketNamespaceRecord {
    '/chat': IChatEvents;
  }
  interface ISocketConnectionRecord {
    'demo-chat:presence': ISocketConnectionOptions;
  }
}
