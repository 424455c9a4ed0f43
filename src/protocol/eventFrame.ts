import { SYSTEM_EVENT_CODES } from '../types/socketEvent.js';

const NAME_TO_CODE = new Map<string, string>(Object.entries(SYSTEM_EVENT_CODES));
const CODE_TO_NAME = new Map<string, string>(Object.entries(SYSTEM_EVENT_CODES).map(([name, code]) => [code, name]));

/** The wire name of an event: system events travel as short codes, others as they are. */
export function eventWireName(eventName: string): string {
  return NAME_TO_CODE.get(eventName) ?? eventName;
}

/** The event name of a wire name: short codes map back, others stay. */
export function eventNameOfWire(wireName: string): string {
  return CODE_TO_NAME.get(wireName) ?? wireName;
}

/** `<prefix>["<wire name>",<data>]`: one text frame. */
export function encodeEventFrame(prefix: string, eventName: string, data: unknown): string {
  return `${prefix}${JSON.stringify([eventWireName(eventName), data ?? null])}`;
}
