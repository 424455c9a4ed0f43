import { BeanBase } from '../lib/beanBase.js';
import { SocketPacket } from '../lib/decorators.js';
import { parseEventFrame } from '../lib/parseEventFrame.js';
import { SocketCloseCode } from '../types/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ISocketPacketExecute, type ISocketPacketOptions, type SocketPacketNext } from '../types/socketPacket.js';

export type ISocketPacketOptionsEvent = ISocketPacketOptions;

/**
 * Parses the wire format once and passes `[eventName, data]` on (`[undefined, frame]` for non-event frames).
 * With `binaryFrames: 'close'` a binary frame closes the connection with 1003 instead.
 */
@SocketPacket<ISocketPacketOptionsEvent>({})
export class SocketPacketEvent extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsEvent, next: SocketPacketNext) {
    const config = this.scope.config;
    if (typeof data !== 'string' && config.binaryFrames === 'close') {
      ws.close(SocketCloseCode.unsupportedData, 'binary frames are not accepted');
      return;
    }
    return next(parseEventFrame(config.eventPrefix, data));
  }
}
