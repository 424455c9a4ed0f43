import { setImmediate } from 'node:timers';
import {
  BeanBase,
  SocketConnection,
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { type IChatPresence } from './socketNamespace.chat.js';

export type ISocketConnectionOptionsPresence = ISocketConnectionOptions;

/**
 * Who is in `/chat`: after a connection gets through the whole chain it counts as online, and every
 * `/chat` client is told the new list; when it leaves, again. Anonymous connections are counted as
 * listeners but have no name to show.
 *
 * Presence is per process: the list goes to this process's clients only (not over the bus), since
 * another process's clients would get a list missing their own neighbours.
 */
@SocketConnection<ISocketConnectionOptionsPresence>({ dependencies: 'a-socket:ready', match: '/chat' })
export class SocketConnectionPresence extends BeanBase implements ISocketConnectionExecute {
  /** Connection id → user name (undefined for anonymous), only for connections whose enter succeeded. */
  private readonly online = new Map<string, string | undefined>();

  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPresence, next: SocketConnectionNext) {
    await next();
    const user = ws.ctx.user;
    this.online.set(ws.id, user && !user.anonymous ? user.name : undefined);
    // After this chain the runtime sends sysReady; wait a turn so the newcomer hears sysReady first.
    setImmediate(() => this.tellEveryone());
  }

  async exit(ws: ISocketWebSocket, _options: ISocketConnectionOptionsPresence, next: SocketConnectionNext) {
    // exit runs for every connection, also those refused during enter: only those counted leave the list.
    if (this.online.delete(ws.id)) this.tellEveryone();
    return next();
  }

  /** The names online now. */
  names(): string[] {
    const names = new Set<string>();
    for (const name of this.online.values()) if (name !== undefined) names.add(name);
    return [...names].sort();
  }

  private tellEveryone(): void {
    const presence: IChatPresence = { online: this.names() };
    const socketEvent = this.app.socketEvent;
    const frame = socketEvent.encodeFrame('chat:presence', presence);
    for (const ws of this.app.registry.namespaceClients('/chat')) {
      if (this.online.has(ws.id)) socketEvent.deliver(ws, frame);
    }
  }
}
