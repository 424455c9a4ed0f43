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
 * answer the previous ping. The timer runs only while sockets are tracked.
 */
@SocketConnection<ISocketConnectionOptionsAlive>({})
export class SocketConnectionAlive extends BeanBase<ISocketConfig> implements ISocketConnectionExecute {
  /** Socket → answered the last ping. */
  private readonly answered = new Map<ISocketWebSocket, boolean>();
  private timer?: NodeJS.Timeout;
  /** One listener for every socket (ws calls it with `this` = the socket): no closure per connection. */
  private readonly onPong = ((answered: Map<ISocketWebSocket, boolean>) =>
    function (this: WebSocket) {
      const ws = this as ISocketWebSocket;
      if (answered.has(ws)) answered.set(ws, true);
    })(this.answered);

  async enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsAlive, next: SocketConnectionNext) {
    this.answered.set(ws, true);
    ws.on('pong', this.onPong);
    this.timer ??= setInterval(() => this.beat(), this.scope.config.timeout.ping);
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: ISocketConnectionOptionsAlive, next: SocketConnectionNext) {
    this.answered.delete(ws);
    if (this.answered.size === 0) this.stop();
    return next();
  }

  /** Stops the heartbeat timer (app shutdown). */
  stop(): void {
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
