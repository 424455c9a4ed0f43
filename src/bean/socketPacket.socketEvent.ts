import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketPacket } from '../lib/socketDecorators.js';
import { SocketActionError } from '../lib/socketActionError.js';
import { type ISocketEventRoute } from '../lib/socketEventTable.js';
import { ServiceSocketEvent } from '../service/socketEvent.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import {
  type ISocketEventErrorPayload,
  type ISocketEventIssue,
  type SocketEventHandler,
} from '../types/socketEventHandler.js';
import { type StandardSchemaV1Issue } from '../types/standardSchema.js';
import {
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type SocketPacketData,
  type SocketPacketNext,
} from '../types/socketPacket.js';

export type ISocketPacketOptionsSocketEvent = ISocketPacketOptions;

/** Issues sent back per bad event: enough to fix the data, bounded so a huge payload cannot grow the answer. */
const MAX_ISSUES = 20;

/**
 * Dispatches client events to the `@SocketEvent` handlers of the connection's namespace: validates the data
 * with the handler's schema, calls the handler, answers failures with `sysEventError` to the sender. Events
 * without a handler, and frames that are not events, pass on. After `a-socket:performAction`, so RPC frames
 * never pay for a lookup; an onion that must see events before their handlers declares
 * `dependents: 'a-socket:socketEvent'`.
 */
@SocketPacket<ISocketPacketOptionsSocketEvent>({ dependencies: 'a-socket:performAction' })
export class SocketPacketSocketEvent extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  constructor(@inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent) {
    super();
  }

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsSocketEvent, next: SocketPacketNext) {
    // Without a-socket:event before it (disabled by config) the data is the raw frame, not [eventName, data].
    if (!Array.isArray(data)) return next();
    const [eventName, payload] = data as SocketPacketData;
    const route = eventName === undefined ? undefined : this.app.eventHandlers.find(ws.namespace, eventName);
    if (!route) return next();
    return this.handle(route, payload, ws);
  }

  /** Never rejects: every failure is answered to the sender, and the connection stays. */
  private async handle(route: ISocketEventRoute, payload: unknown, ws: ISocketWebSocket): Promise<void> {
    const { eventName } = route;
    let data = payload;
    try {
      if (route.schema) {
        const result = await route.schema['~standard'].validate(payload);
        if (result.issues) {
          this.reply(ws, {
            event: eventName,
            code: 400,
            message: `invalid data for "${eventName}"`,
            issues: result.issues.slice(0, MAX_ISSUES).map(toIssue),
          });
          return;
        }
        data = result.value;
      }
      const bean = this.app.bean<Record<string | symbol, SocketEventHandler<unknown>>>(route.bean.fullName);
      await bean[route.methodName](data, { eventName, ws, ctx: ws.ctx });
    } catch (error) {
      if (error instanceof SocketActionError) {
        this.reply(ws, { event: eventName, code: error.status, message: error.message });
        return;
      }
      this.logger.error(`${route.label} failed handling "${eventName}" from ${ws.id} on ${ws.namespace}`, error);
      this.reply(ws, { event: eventName, code: 500, message: 'internal server error' });
    }
  }

  private reply(ws: ISocketWebSocket, payload: ISocketEventErrorPayload): void {
    this.socketEvent.sendSystem(ws, 'sysEventError', payload);
  }
}

function toIssue(issue: StandardSchemaV1Issue): ISocketEventIssue {
  const path = (issue.path ?? []).map(segment => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });
  return { path, message: String(issue.message) };
}
