import { setMaxListeners } from 'node:events';
import { BeanBase } from '../lib/beanBase.js';
import { SocketPacket } from '../lib/decorators.js';
import { validatePerformActionPayload } from '../lib/performActionPayload.js';
import { SocketActionError } from '../lib/socketActionError.js';
import { type ServiceSocketEvent } from '../service/socketEvent.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type IPerformActionBackPayload } from '../types/socketEvent.js';
import {
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type SocketPacketData,
  type SocketPacketNext,
} from '../types/socketPacket.js';

export type ISocketPacketOptionsPerformAction = ISocketPacketOptions;

class ActionTimeoutError extends Error {}

/** Listeners a connection's signal may carry besides those of its calls (Node's default limit). */
const DEFAULT_SIGNAL_LISTENERS = 10;

/**
 * Answers `sysPerformAction` through the app's action executor: `c: 0` with the result, or `c` = the HTTP
 * status of the failure — 400 malformed payload, 429 over `performAction.maxInFlight`, 504 over
 * `performAction.timeout`, 501 without an executor, 500 for an unexpected error. Other packets pass on.
 */
@SocketPacket<ISocketPacketOptionsPerformAction>({ dependencies: 'a-socket:event' })
export class SocketPacketPerformAction extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  private readonly inFlight = new WeakMap<ISocketWebSocket, number>();

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsPerformAction, next: SocketPacketNext) {
    const [eventName, payload] = data as SocketPacketData;
    if (eventName !== 'sysPerformAction') return next();
    return this.perform(ws, payload);
  }

  private async perform(ws: ISocketWebSocket, payload: unknown): Promise<void> {
    const validation = validatePerformActionPayload(payload);
    if (!validation.ok) {
      this.reply(ws, { i: validation.id, c: 400, m: validation.message });
      return;
    }
    const { id, request } = validation;
    const config = this.scope.config.performAction;
    const running = this.inFlight.get(ws) ?? 0;
    // Each call in flight listens on the connection's signal: up to maxInFlight listeners are expected,
    // not a leak, and must not trip Node's MaxListenersExceededWarning (10 by default).
    if (!this.inFlight.has(ws)) setMaxListeners(DEFAULT_SIGNAL_LISTENERS + config.maxInFlight, ws.ctx.signal);
    if (running >= config.maxInFlight) {
      this.reply(ws, { i: id, c: 429, m: `too many calls in flight (max ${config.maxInFlight})` });
      return;
    }
    const executor = this.app.plugins.executor;
    if (!executor) {
      this.reply(ws, { i: id, c: 501, m: 'no action executor is configured on this server' });
      return;
    }
    if (ws.ctx.signal.aborted) return; // the connection closed while this packet waited: nobody to answer
    this.inFlight.set(ws, running + 1);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let giveUp!: (reason: unknown) => void;
    // Settles at the timeout, or at once when the connection closes: a call whose executor ignores its signal
    // must not keep its timer and its connection alive until the timeout.
    const deadline = new Promise<never>((_resolve, reject) => {
      giveUp = reject;
      timer = setTimeout(() => reject(new ActionTimeoutError()), config.timeout);
    });
    const abortOnClose = () => {
      controller.abort(ws.ctx.signal.reason);
      giveUp(ws.ctx.signal.reason);
    };
    ws.ctx.signal.addEventListener('abort', abortOnClose, { once: true });
    try {
      const result = await Promise.race([executor.execute(request, ws.ctx, controller.signal), deadline]);
      this.reply(ws, { i: id, c: 0, d: result ?? null });
    } catch (error) {
      // A connection that closed aborted its calls: nobody is left to answer, and it is not a server error.
      if (ws.ctx.signal.aborted)
        this.logger.debug(
          `performAction ${request.method} ${request.path} of ${ws.id} abandoned: the connection closed`,
        );
      else this.reply(ws, this.failure(id, request.method, request.path, error));
      controller.abort();
    } finally {
      clearTimeout(timer);
      ws.ctx.signal.removeEventListener('abort', abortOnClose);
      this.inFlight.set(ws, (this.inFlight.get(ws) ?? 1) - 1);
    }
  }

  private failure(id: number | string, method: string, path: string, error: unknown): IPerformActionBackPayload {
    if (error instanceof ActionTimeoutError) {
      return {
        i: id,
        c: 504,
        m: `${method} ${path} did not answer within ${this.scope.config.performAction.timeout} ms`,
      };
    }
    if (error instanceof SocketActionError) return { i: id, c: error.status, m: error.message };
    this.logger.error(`performAction ${method} ${path} failed`, error);
    return { i: id, c: 500, m: 'internal server error' };
  }

  private reply(ws: ISocketWebSocket, back: IPerformActionBackPayload): void {
    const socketEvent = this.app.bean<ServiceSocketEvent>('a-socket.service.socketEvent');
    socketEvent.deliver(ws, socketEvent.encodeFrame('sysPerformActionBack', back));
  }
}
