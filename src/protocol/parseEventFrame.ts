import { eventNameOfWire } from './eventFrame.js';
import { type SocketPacketData } from '../types/socketPacket.js';

/**
 * Parses one inbound frame. A text frame `<prefix>["name",data]` becomes `[eventName, data]` with short
 * codes mapped back to names; anything else (no prefix, bad JSON, not a `[string, any]` pair, binary)
 * becomes `[undefined, frame]`: it is not an event, and onions after the parser may still handle it.
 */
export function parseEventFrame(prefix: string, frame: unknown): SocketPacketData {
  if (typeof frame !== 'string' || !frame.startsWith(prefix)) return [undefined, frame];
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.slice(prefix.length));
  } catch {
    return [undefined, frame];
  }
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2 || typeof parsed[0] !== 'string') {
    return [undefined, frame];
  }
  return [eventNameOfWire(parsed[0]), parsed[1]];
}
