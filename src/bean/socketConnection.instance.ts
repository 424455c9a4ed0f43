import { BeanBase } from '../core/beanBase.js';
import { SocketConnection } from '../lib/socketDecorators.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type IInstanceResolver } from '../types/plugins.js';
import { type ISocketInstance, type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketConnectionExecute,
  type ISocketConnectionOptions,
  type SocketConnectionNext,
} from '../types/socketConnection.js';

/** The instance of every connection that names none, without a resolver (frozen: shared). */
const DEFAULT_INSTANCE: ISocketInstance = Object.freeze({ name: '' });

export type ISocketConnectionOptionsInstance = ISocketConnectionOptions;

/** How much of a refused instance name the debug log shows: it is client text, of any length. */
const LOGGED_NAME_CHARS = 64;

/**
 * Resolves the instance (tenant) named by the query through the app's `instance` resolver;
 * an unknown one closes with 1008 and a fixed reason (the name is client text: it goes to the debug log,
 * cut short, never into the close frame). Without a resolver every connection gets `{ name }` as asked.
 */
@SocketConnection<ISocketConnectionOptionsInstance>({ dependencies: 'a-socket:app' })
export class SocketConnectionInstance extends BeanBase implements ISocketConnectionExecute {
  enter(ws: ISocketWebSocket, _options: ISocketConnectionOptionsInstance, next: SocketConnectionNext) {
    const ctx = ws.ctx;
    const resolver = this.app.plugins.instance;
    // Without a resolver no promise is made: most apps have none, and every handshake runs this.
    if (resolver) return this.resolveThenNext(ws, resolver, next);
    ctx.instance = ctx.instanceName === undefined ? DEFAULT_INSTANCE : { name: ctx.instanceName };
    return next();
  }

  private async resolveThenNext(ws: ISocketWebSocket, resolver: IInstanceResolver, next: SocketConnectionNext) {
    const ctx = ws.ctx;
    const instance = await resolver.resolve(ctx.instanceName, ctx);
    if (!instance) {
      const name = JSON.stringify((ctx.instanceName ?? '').slice(0, LOGGED_NAME_CHARS));
      this.logger.debug(`refusing ${ctx.id}: unknown instance ${name}`);
      throw new SocketCloseError(SocketCloseCode.policy, SocketCloseReason.unknownInstance);
    }
    ctx.instance = instance;
    return next();
  }
}
