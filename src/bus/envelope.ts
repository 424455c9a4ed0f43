import { BUS_ENVELOPE_VERSION, type IBusEnvelope } from './broadcastBus.js';

export type BusEnvelopeParseResult = { ok: true; envelope: IBusEnvelope } | { ok: false; reason: string };

/**
 * Reads an envelope that arrived from another process. Anything on the channel may be foreign
 * (another app with the same prefix, a hand-typed PUBLISH, a newer release during a rolling
 * deploy), so this never throws: it says why a message is unusable and the bus drops it.
 */
export function parseBusEnvelope(text: string): BusEnvelopeParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (!isRecord(value)) return { ok: false, reason: `not a JSON object (got ${describe(value)})` };
  if (value.v !== BUS_ENVELOPE_VERSION) {
    return { ok: false, reason: `envelope version ${describe(value.v)}, this process reads ${BUS_ENVELOPE_VERSION}` };
  }
  if (!isNonEmptyString(value.worker))
    return { ok: false, reason: `worker is ${describe(value.worker)}, not a worker id` };
  if (value.kind === 'join' || value.kind === 'leave') {
    if (!isNonEmptyString(value.id))
      return { ok: false, reason: `${value.kind} envelope with id ${describe(value.id)}` };
    if (!isNonEmptyString(value.room)) {
      return { ok: false, reason: `${value.kind} envelope with room ${describe(value.room)}` };
    }
    return { ok: true, envelope: value as unknown as IBusEnvelope };
  }
  if (!isNonEmptyString(value.eventName)) return { ok: false, reason: `eventName is ${describe(value.eventName)}` };
  if (value.options !== undefined && !isRecord(value.options)) {
    return { ok: false, reason: `options is ${describe(value.options)}, not an object` };
  }
  if (value.kind === 'send') {
    if (!isNonEmptyString(value.id)) return { ok: false, reason: `send envelope with id ${describe(value.id)}` };
  } else if (value.kind === 'broadcast') {
    if (!isNonEmptyString(value.namespace)) {
      return { ok: false, reason: `broadcast envelope with namespace ${describe(value.namespace)}` };
    }
  } else {
    return { ok: false, reason: `kind is ${describe(value.kind)}, expected send, broadcast, join or leave` };
  }
  return { ok: true, envelope: value as unknown as IBusEnvelope };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Short description for log lines: a foreign message may be huge, the log line must not be. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return String(value);
}

/** What an envelope carries, for log lines: `broadcast of "chat:message"`, `join of room "lobby"`. */
export function describeEnvelope(envelope: IBusEnvelope): string {
  switch (envelope.kind) {
    case 'join':
    case 'leave':
      return `${envelope.kind} of room "${envelope.room}"`;
    default:
      return `${envelope.kind} of "${envelope.eventName}"`;
  }
}
