import { SYSTEM_EVENT_CODES } from '../../src/client/index.js';

/**
 * System event names (`sysReady`, `sysPassportExpiring`, `sysEventsSkipped`, … and any later `sys<Name>`) and
 * short codes (`_a`, `_b`, `_c`, and any `_x` a later version may add): a client that could make the server
 * send one of these could forge a sysReady, an RPC answer, an identity warning or a skipped-events notice.
 */
const SYSTEM_EVENT_NAME = /^sys[A-Z]/;
const SHORT_CODE = /^_[A-Za-z0-9]$/;

/** Why an event name may not be sent through the demo's HTTP API, or undefined when it may. */
export function reservedEventNameReason(eventName: string): string | undefined {
  if (SYSTEM_EVENT_NAME.test(eventName) || Object.hasOwn(SYSTEM_EVENT_CODES, eventName)) {
    return `eventName "${eventName}" is reserved for system events (names starting with "sys" and a capital letter)`;
  }
  if (SHORT_CODE.test(eventName)) {
    return `eventName "${eventName}" is reserved for system events (short codes: "_" and one letter or digit)`;
  }
  return undefined;
}
