import { performance } from 'node:perf_hooks';
import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketPacket } from '../lib/socketDecorators.js';
import { parseEventFrame } from '../protocol/eventFrame.js';
import { validatePerformActionPayload } from '../protocol/performActionPayload.js';
import { TokenBucket } from '../lib/tokenBucket.js';
import { ServiceSocketEvent } from '../service/socketEvent.js';
import { ServiceSocketClose } from '../service/socketClose.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ISocketPacketExecute, type ISocketPacketOptions, type SocketPacketNext } from '../types/socketPacket.js';

export type ISocketPacketOptionsRateLimit = ISocketPacketOptions;

interface IConnectionLimit {
  bucket: TokenBucket;
  dropped: number;
}

/**
 * Per-connection packet rate limit (`config.rateLimit`), before the parser so a flood costs no parsing.
 * Over the limit, `'drop'` discards the packet (an RPC in it answers 429 at once, so its caller need not
 * wait for a timeout) and logs once per connection; `'close'` closes with 1008. Off while `packetsPerSecond` is 0.
 */
@SocketPacket<ISocketPacketOptionsRateLimit>({ dependents: 'a-socket:event' })
export class SocketPacketRateLimit extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  /** Packets dropped over the limit, all connections together, since the app started. */
  droppedPackets = 0;
  private readonly limits = new WeakMap<ISocketWebSocket, IConnectionLimit>();

  constructor(
    @inject(ServiceSocketClose) private readonly socketClose: ServiceSocketClose,
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
  ) {
    super();
  }

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsRateLimit, next: SocketPacketNext) {
    const { packetsPerSecond, burst } = this.scope.config.rateLimit;
    if (!(packetsPerSecond > 0)) return next();
    let limit = this.limits.get(ws);
    if (!limit) {
      limit = { bucket: new TokenBucket(packetsPerSecond, Math.max(1, burst), performance.now()), dropped: 0 };
      this.limits.set(ws, limit);
    }
    if (limit.bucket.take(performance.now())) return next();
    this.overLimit(data, ws, limit);
  }

  private overLimit(data: unknown, ws: ISocketWebSocket, limit: IConnectionLimit): void {
    if (ws.readyState !== ws.OPEN) return;
    const config = this.scope.config;
    const { packetsPerSecond, burst, action } = config.rateLimit;
    const rule = `${packetsPerSecond} packets/s, burst ${burst}`;
    if (action === 'close') {
      this.logger.warn(`closing ${ws.id} on ${ws.namespace}: over the packet rate limit (${rule})`);
      this.socketClose.close(ws, SocketCloseCode.policy, SocketCloseReason.rateLimitExceeded);
      return;
    }
    this.droppedPackets++;
    if (limit.dropped++ === 0) {
      this.logger.warn(`dropping packets of ${ws.id} on ${ws.namespace}: over the packet rate limit (${rule})`);
      ws.ctx.signal.addEventListener('abort', () => this.logger.info(`${ws.id} had ${limit.dropped} packets dropped`), {
        once: true,
      });
    }
    const [eventName, payload] = parseEventFrame(config.eventPrefix, data);
    if (eventName !== 'sysPerformAction') return;
    const { id } = validatePerformActionPayload(payload);
    if (id === null) return;
    const back = { i: id, c: 429, m: `packet rate limit exceeded (${rule}): call dropped` };
    this.socketEvent.sendSystem(ws, 'sysPerformActionBack', back);
  }
}
