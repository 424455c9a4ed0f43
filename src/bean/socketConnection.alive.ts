import { type WebSocket } from 'ws';
import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

export type ISocketConnectionOptionsAlive = ISocketConnectionOptions;

/**
 * Heartbeat: one timer per server pings every `timeout.ping` ms and terminates sockets that did not
 * answer the previous ping. The timer runs only while it has sockets to ping: each socket is dropped when it
 * closes (its own `close` event, whatever its exit chain does), and the last one stops the timer. So nothing
 * else needs to stop it: once `appClose` has closed every socket, no timer is left.
 */
@SocketConnection<ISocketConnectionOptionsAlive>({})
export class SocketConnectionAlive extends BeanBase<ISocketConfig> implements ISocketConnectionExecute {
  /** Socket → answered the last ping. */
  private readonly answered = new Map<ISocketWebSocket, boolean>();
  private timer?: ReturnType<typeof setInterval>;
  // One listener of each kind for every socket (ws calls them with `this` = the socket): no closure per connection.
  private readonly onPong = ((answered: Map<ISocketWebSocket, boolean>) =>
    function (this: WebSocket) {
      const ws = this as ISocketWebSocket;
      if (answered.has(ws)) answered.set(ws, true);
    })(this.answered);
  private readonly onClose = ((alive: SocketConnectionAlive) =>
    function (this: WebSocket) {
      alive.forget(this as ISocketWebSocket);
    })(this);

  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsAlive, next: SocketConnectionNext) {
    // A socket that closed while the chain ran emits no other `close`: there is nothing to ping.
    if (ws.readyState !== ws.CLOSED) {
      this.answered.set(ws, true);
      ws.on('pong', this.onPong);
      ws.on('close', this.onClose);
      this.timer ??= setInterval(() => this.beat(), this.scope.config.timeout.ping);
    }
    return next();
  }

  /** Sockets the heartbeat pings now: 0, and no timer, once every socket it pinged has closed. */
  get pingedCount(): number {
    return this.answered.size;
  }

  private forget(ws: ISocketWebSocket): void {
    this.answered.delete(ws);
    if (this.answered.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private beat(): void {
    for (const [ws, answered] of this.answered) {
      if (!answered) {
        this.logger.debug(`terminating ${ws.id}: no pong within ${this.scope.config.timeout.ping} ms`);
        ws.terminate();
        continue;
      }
      this.answered.set(ws, false);
      ws.ping();
    }
  }
}
