import { defineModule, type ISocketConnectionOptions } from '../../src/index.js';
import { SocketConnectionPresence } from './socketConnection.presence.js';
import { SocketNamespaceChat, type IChatEvents } from './socketNamespace.chat.js';
import { SocketNamespaceFeed, type IFeedEvents } from './socketNamespace.feed.js';

/** The demo's own module: the `/chat` namespace and its presence onion, and the `/feed` namespace. */
export const moduleDemoChat = defineModule({
  name: 'demo-chat',
  beans: [SocketNamespaceChat, SocketConnectionPresence, SocketNamespaceFeed],
});

// Inside this repository the runtime is imported by path; a project using the package writes
// `declare module 'a-socket'`.
declare module '../../src/index.js' {
  interface ISocketNamespaceRecord {
    '/chat': IChatEvents;
    '/feed': IFeedEvents;
  }
  interface ISocketConnectionRecord {
    'demo-chat:presence': ISocketConnectionOptions;
  }
}
