import { type EventFrameData } from '../protocol/eventFrame.js';
import { type IOnionOptionsBase } from './onion.js';
import { type ISocketWebSocket } from './socket.js';

/** What the `a-socket:event` packet onion passes on: `[eventName, data]`, eventName undefined for frames without the prefix. */
export type SocketPacketData = EventFrameData;

/** Calls the rest of the packet chain; a value passed replaces the data seen downstream. */
export type SocketPacketNext = (data?: unknown) => Promise<unknown>;

export type ISocketPacketOptions = IOnionOptionsBase;

/** A packet onion: `execute` runs for every message of a connection in its namespace. */
export interface ISocketPacketExecute<TOptions extends ISocketPacketOptions = ISocketPacketOptions> {
  execute(data: unknown, ws: ISocketWebSocket, options: TOptions, next: SocketPacketNext): unknown;
}

/** Options of each packet onion by onion name; module authors add theirs. */
export interface ISocketPacketRecord {
  'a-socket:rateLimit': ISocketPacketOptions;
  'a-socket:event': ISocketPacketOptions;
  'a-socket:performAction': ISocketPacketOptions;
  'a-socket:socketEvent': ISocketPacketOptions;
  'a-socket:passportRefresh': ISocketPacketOptions;
}
