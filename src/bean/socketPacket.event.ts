import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketPacket } from '../lib/socketDecorators.js';
import { parseEventFrame } from '../protocol/eventFrame.js';
import { ServiceSocketClose } from '../service/socketClose.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ISocketPacketExecute, type ISocketPacketOptions, type SocketPacketNext } from '../types/socketPacket.js';

export type ISocketPacketOptionsEvent = ISocketPacketOptions;

/**
 * Parses the wire format once and passes `[eventName, data]` on (`[undefined, frame]` for non-event frames); an
 * offset a client put as a third element is dropped.
 * With `binaryFrames: 'close'` a binary frame closes the connection with 1003 instead.
 */
@SocketPacket<ISocketPacketOptionsEvent>({})
export class SocketPacketEvent extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  constructor(@inject(ServiceSocketClose) private readonly socketClose: ServiceSocketClose) {
    super();
  }

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsEvent, next: SocketPacketNext) {
    const config = this.scope.config;
    if (typeof data !== 'string' && config.binaryFrames === 'close') {
      this.socketClose.close(ws, SocketCloseCode.unsupportedData, SocketCloseReason.binaryFrames);
      return;
    }
    const parsed = parseEventFrame(config.eventPrefix, data);
    // Clients never send offsets (docs/protocol.md): a third element is ignored, downstream sees [name, data].
    return next(parsed.length === 3 ? [parsed[0], parsed[1]] : parsed);
  }
}
