import { type ISocketContext, type ISocketWebSocket } from './socket.js';
import { type InferSchemaInput, type InferSchemaOutput, type StandardSchemaV1 } from './standardSchema.js';

/**
 * Client-to-server events and the data a client sends with each: what types a client's `sendEvent`
 * (see `TypedWebSocketClient`). Module authors add theirs, derived from the schemas their `@SocketEvent`
 * handlers validate with, so each event is declared once:
 * `declare module 'a-socket' { interface ISocketClientEventRecord extends SocketEventInputs<typeof chatEvents> {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ISocketClientEventRecord {}

/** Declared client event names for completion, and any other string. */
export type SocketClientEventName = Extract<keyof ISocketClientEventRecord, string> | (string & {});

/** Event names mapped to the schemas that validate their data: the one declaration of a module's client events. */
export type SocketEventSchemas = { readonly [eventName: string]: StandardSchemaV1 };

/** What a client sends for each event of a schema map (the schemas' input types). */
export type SocketEventInputs<TSchemas extends SocketEventSchemas> = {
  -readonly [K in keyof TSchemas]: InferSchemaInput<TSchemas[K]>;
};

/** What a handler receives for each event of a schema map (the schemas' output types). */
export type SocketEventOutputs<TSchemas extends SocketEventSchemas> = {
  -readonly [K in keyof TSchemas]: InferSchemaOutput<TSchemas[K]>;
};

/** The second argument of a `@SocketEvent` handler: which event, from which connection. */
export interface ISocketEventContext {
  eventName: string;
  /** The sender's socket: `ws.id` to exclude it from a broadcast, `ws.sendEvent` to answer it alone. */
  ws: ISocketWebSocket;
  /** The sender's connection context (`ws.ctx`): user, instance, state. */
  ctx: ISocketContext;
}

/**
 * A `@SocketEvent` handler: the validated data and the event context. What it returns is ignored; a thrown
 * `SocketActionError` sends its status and message to the sender, any other error is logged and sent as 500.
 */
export type SocketEventHandler<TData> = (data: TData, event: ISocketEventContext) => unknown;

export interface ISocketEventHandlerOptions<TSchema extends StandardSchemaV1 = StandardSchemaV1> {
  /** Validates the data before the handler sees it; without one the handler receives `unknown`. */
  schema?: TSchema;
}

export type { ISocketEventErrorPayload, ISocketEventIssue } from './socketEvent.js';
