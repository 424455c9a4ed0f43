import {
  BeanBase,
  defineModule,
  SocketPacket,
  type ISocketPacketExecute,
  type ISocketWebSocket,
  type SocketPacketData,
  type SocketPacketNext,
} from '../../src/index.js';

/** What reached the end of the built-in packet chain, in order, per connection id. */
export const packetProbe = {
  seen: new Map<string, SocketPacketData[]>(),
  of(id: string): SocketPacketData[] {
    return this.seen.get(id) ?? [];
  },
  reset(): void {
    this.seen.clear();
  },
};

/**
 * Runs after every built-in packet onion: records what passed them, and answers the event `echo` with an
 * `echo` of the same data, so a test can tell that a connection still works and that earlier frames were handled.
 */
@SocketPacket({ dependencies: ['a-socket:performAction'] })
class SocketPacketProbe extends BeanBase implements ISocketPacketExecute {
  execute(data: unknown, ws: ISocketWebSocket, _options: object, next: SocketPacketNext) {
    const packet = data as SocketPacketData;
    const list = packetProbe.seen.get(ws.id) ?? [];
    list.push(packet);
    packetProbe.seen.set(ws.id, list);
    if (packet[0] === 'echo') ws.sendEvent('echo', packet[1]);
    return next();
  }
}

export const modulePacketProbe = defineModule({ name: 'test-packet-probe', beans: [SocketPacketProbe] });
