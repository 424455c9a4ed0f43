import { BeanBase } from '../lib/beanBase.js';
import { SocketPacket } from '../lib/decorators.js';
import { parseEventFrame } from '../lib/parseEventFrame.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ISocketPacketExecute, type ISocketPacketOptions, type SocketPacketNext } from '../types/socketPacket.js';

export type ISocketPacketOptionsEvent = ISocketPacketOptions;

/** Parses the wire format once and passes `[eventName, data]` on (`[undefined, frame]` for non-event frames). */
@SocketPacket<ISocketPacketOptionsEvent>({})
export class SocketPacketEvent extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  execute(data: unknown, _ws: ISocketWebSocket, _options: ISocketPacketOptionsEvent, next: SocketPacketNext) {
    return next(parseEventFrame(this.scope.config.eventPrefix, data));
  }
}
