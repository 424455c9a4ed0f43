import { type ISocketEventOptions } from '../types/socketEvent.js';

/** Current version of the envelope format; a receiver drops envelopes of another version. */
export const BUS_ENVELOPE_VERSION = 1;

/** What one process publishes so the others deliver to the connections they hold. */
export type IBusEnvelope = IBusEventEnvelope | IBusEnvelopeRoom;

/** The envelopes that carry an event. */
export type IBusEventEnvelope = IBusEnvelopeSend | IBusEnvelopeBroadcast;

interface IBusEnvelopeBase {
  /** Envelope format version, always `BUS_ENVELOPE_VERSION`. */
  v: number;
  /** Worker id of the publishing process: a process skips its own publications. */
  worker: string;
}

interface IBusEnvelopeCommon extends IBusEnvelopeBase {
  eventName: string;
  data: unknown;
  options?: ISocketEventOptions;
}

export interface IBusEnvelopeSend extends IBusEnvelopeCommon {
  kind: 'send';
  /** Connection id. */
  id: string;
}

export interface IBusEnvelopeBroadcast extends IBusEnvelopeCommon {
  kind: 'broadcast';
  namespace: string;
}

/** Puts a connection held by another process in a room of its namespace, or takes it out. */
export interface IBusEnvelopeRoom extends IBusEnvelopeBase {
  kind: 'join' | 'leave';
  /** Connection id. */
  id: string;
  room: string;
}

export type BusEnvelopeHandler = (envelope: IBusEnvelope) => void;

/**
 * Transport between processes for send and broadcast. Implementations must never throw from
 * `publish` (an outage must not break local delivery) and must reconnect by themselves.
 */
export interface IBroadcastBus {
  publish(envelope: IBusEnvelope): void;
  /**
   * Registers the one handler that receives every envelope published by any process, this one included.
   * `appReady` awaits it: resolve once subscribed, or after a bounded wait (a bus that never resolves blocks start-up).
   */
  subscribe(handler: BusEnvelopeHandler): Promise<void>;
  close(): Promise<void>;
}

// The codes of the buses' errors, beside the kernel's.
declare module '../core/error.js' {
  interface IASocketErrorCodeRecord {
    /** The bus is closed (or closed while subscribing): a new app needs a new bus. */
    BUS_CLOSED: true;
    /** `subscribe` called a second time: a bus carries the one handler of its app. */
    BUS_ALREADY_SUBSCRIBED: true;
    /** The bus's transport refused the subscription (e.g. Redis answered SUBSCRIBE with an error); see `cause`. */
    BUS_SUBSCRIBE_FAILED: true;
  }
}
