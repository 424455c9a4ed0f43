/**
 * The a-socket wire protocol (DESIGN §5) as the benchmark needs it, shared by the bare wire-raw
 * server and the load generator's wire client: an event frame is `_:` + JSON `[eventName, data]`,
 * system events travel as short codes.
 */
export const EVENT_PREFIX = '_:';
export const SYS_READY = '_a';
export const SYS_PERFORM_ACTION = '_b';
export const SYS_PERFORM_ACTION_BACK = '_c';

/** The path and method every RPC of the benchmark calls; a-socket routes it to `POST /api/echo`. */
export const ECHO_METHOD = 'post';
export const ECHO_PATH = '/api/echo';

export interface IPerformAction {
  i: number;
  m: string;
  p: string;
  q?: Record<string, unknown>;
  b?: unknown;
  h?: Record<string, string>;
}

export type PerformActionBack = { i: number; c: 0; d: unknown } | { i: number; c: number; m: string };

export function encodeEvent(eventName: string, data: unknown): string {
  return EVENT_PREFIX + JSON.stringify([eventName, data]);
}

/** Parses a frame into `[eventName, data]`, or undefined when it lacks the prefix or is not a pair. */
export function decodeEvent(frame: string): [string, unknown] | undefined {
  if (!frame.startsWith(EVENT_PREFIX)) return undefined;
  const parsed: unknown = JSON.parse(frame.slice(EVENT_PREFIX.length));
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return undefined;
  return [parsed[0], parsed[1]];
}
