import { type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { ThrottledLog } from '../core/throttledLog.js';
import { type ILogger } from '../core/logger.js';
import { type ISocketWebSocket } from '../types/socket.js';

/**
 * How long a slow consumer closed with 1013 has to take its close frame before it is terminated. The frame
 * waits behind the bytes the client is not reading; without this deadline ws would hold the connection for
 * its own close timeout (30 s).
 */
export const SLOW_CONSUMER_CLOSE_GRACE_MS = 1000;

/** At most one log line per topic (closing, skipping, drained) in this many ms, however many clients lag. */
const LOG_INTERVAL_MS = 10_000;

/** How often a skipping socket is checked when its stream will not emit 'drain' (less waits than highWaterMark). */
const DRAIN_CHECK_MS = 100;

/** Events skipped since the connection went over `maxBufferedAmount`; absent while it is not. */
const kSkipped = Symbol('a-socket:skipped');

interface ISkippingWebSocket extends ISocketWebSocket {
  [kSkipped]?: number;
}

/** What a notice of skipped events is sent with (through the usual delivery, so it is counted and framed alike). */
export type SkippedEventsNotifier = (ws: ISocketWebSocket, count: number) => void;

/**
 * The slow-consumer policy: what happens to a client whose unsent bytes passed `maxBufferedAmount`.
 *
 * - `close`: closed with 1013 and terminated after `SLOW_CONSUMER_CLOSE_GRACE_MS` if still not closed, so its
 *   exit chain runs and it leaves the registry promptly.
 * - `skip`: the event is dropped and counted per connection; once the socket's buffer is back under the
 *   threshold (its stream's 'drain', or a check), the client gets `sysEventsSkipped` `{ count }`: no loss is
 *   silent. Nothing here runs while a client keeps up: the broadcast path only compares `bufferedAmount`.
 */
export class SlowConsumers {
  private readonly log: ThrottledLog;

  constructor(
    logger: ILogger,
    private readonly maxBufferedAmount: () => number,
    private readonly notify: SkippedEventsNotifier,
    /** Starts the close handshake with 1013 (through the one place every close goes). */
    private readonly closeSlow: (ws: ISocketWebSocket) => void,
  ) {
    this.log = new ThrottledLog(logger, LOG_INTERVAL_MS);
  }

  close(ws: ISocketWebSocket): void {
    this.log.warn('close', `closing slow consumer ${ws.id}: ${ws.bufferedAmount} bytes waiting`);
    this.closeSlow(ws);
    const deadline = setTimeout(() => ws.terminate(), SLOW_CONSUMER_CLOSE_GRACE_MS);
    ws.once('close', () => clearTimeout(deadline));
  }

  skip(ws: ISocketWebSocket): void {
    const skipping = ws as ISkippingWebSocket;
    const skipped = skipping[kSkipped];
    if (skipped !== undefined) {
      skipping[kSkipped] = skipped + 1;
      return;
    }
    skipping[kSkipped] = 1;
    this.log.warn(
      'skip',
      `skipping events to slow consumer ${ws.id}: ${ws.bufferedAmount} bytes waiting (maxBufferedAmount ${this.maxBufferedAmount()})`,
    );
    this.awaitDrain(skipping);
  }

  /** Notifies the client once its buffer is under the threshold again; gives up when the socket closes. */
  private awaitDrain(ws: ISkippingWebSocket): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount <= this.maxBufferedAmount()) {
      this.drained(ws);
      return;
    }
    // ws 8 keeps its net.Socket here (frameWriter writes to it too); a stream that needs a drain announces it.
    const socket = (ws as unknown as { _socket?: Socket | null })._socket;
    if (socket?.writableNeedDrain === true) socket.once('drain', () => this.awaitDrain(ws));
    else setTimeout(() => this.awaitDrain(ws), DRAIN_CHECK_MS).unref();
  }

  private drained(ws: ISkippingWebSocket): void {
    const count = ws[kSkipped] ?? 0;
    ws[kSkipped] = undefined;
    this.log.info('drained', `slow consumer ${ws.id} caught up after missing ${count} events; telling it`);
    this.notify(ws, count);
  }
}
