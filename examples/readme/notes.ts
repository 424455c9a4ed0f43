import {
  BeanBase,
  BeanSocketNamespaceBase,
  defineModule,
  SocketNamespace,
  SocketPacket,
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type ISocketWebSocket,
  type SocketPacketNext,
} from '../../src/index.js';

export interface INotesEvents {
  'notes:changed': { id: string; title: string };
}

/** The /notes namespace (clients connect to /ws/notes): typed send and broadcast of its events. */
@SocketNamespace({ namespace: '/notes' })
export class SocketNamespaceNotes extends BeanSocketNamespaceBase<INotesEvents> {}

/** Runs for every message on /notes, after a-socket:event has parsed it into [eventName, data]. */
@SocketPacket({ dependencies: 'a-socket:event', match: '/notes' })
export class SocketPacketNotesLog extends BeanBase implements ISocketPacketExecute {
  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptions, next: SocketPacketNext) {
    const [eventName, payload] = data as [string | undefined, unknown];
    this.logger.info(`${ws.id} on ${ws.namespace} sent ${eventName ?? 'a raw frame'}`, payload);
    return next(); // not calling next() would stop the chain here
  }
}

export const moduleNotes = defineModule({ name: 'notes', beans: [SocketNamespaceNotes, SocketPacketNotesLog] });

declare module '../../src/index.js' {
  interface ISocketNamespaceRecord {
    '/notes': INotesEvents;
  }
  interface ISocketPacketRecord {
    'notes:notesLog': ISocketPacketOptions;
  }
}
