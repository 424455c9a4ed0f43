import 'reflect-metadata';
import { ASocketError } from '../core/error.js';
import { refuseStandardDecorator } from '../core/standardDecoratorCheck.js';
import { type InferSchemaOutput, type StandardSchemaV1 } from '../types/standardSchema.js';
import {
  type ISocketEventHandlerOptions,
  type SocketClientEventName,
  type SocketEventHandler,
} from '../types/socketEventHandler.js';

/** One `@SocketEvent` method as the decorator recorded it. */
export interface ISocketEventDeclaration {
  eventName: string;
  methodName: string | symbol;
  schema?: StandardSchemaV1;
}

/** The decorator `@SocketEvent` returns: it accepts only methods that can take `TData` and the event context. */
export type SocketEventMethodDecorator<TData> = <TMethod extends SocketEventHandler<TData>>(
  target: object,
  methodName: string | symbol,
  descriptor: TypedPropertyDescriptor<TMethod>,
) => void;

const SOCKET_EVENTS_KEY = Symbol.for('a-socket:socketEvents');

/**
 * Declares a method of a namespace bean as the handler of a client event (`_:["chat:send", data]`) in the
 * bean's namespace. With a Standard Schema (zod, valibot, arktype...) the data is validated first and the
 * handler receives the schema's output; bad data answers the sender with `sysEventError` (code 400).
 * Without a schema the handler receives `unknown` and checks it itself.
 */
export function SocketEvent<TSchema extends StandardSchemaV1>(
  eventName: SocketClientEventName,
  options: ISocketEventHandlerOptions<TSchema> & { schema: TSchema },
): SocketEventMethodDecorator<InferSchemaOutput<TSchema>>;
export function SocketEvent(
  eventName: SocketClientEventName,
  options?: ISocketEventHandlerOptions<never>,
): SocketEventMethodDecorator<unknown>;
export function SocketEvent(
  eventName: string,
  options: ISocketEventHandlerOptions = {},
): SocketEventMethodDecorator<unknown> {
  return (target, methodName) => {
    refuseStandardDecorator('SocketEvent', 'EVENT_INVALID', methodName);
    const label = `${labelOf(target)}.${String(methodName)}`;
    checkDeclaration(label, target, eventName, options.schema);
    const beanClass = target.constructor;
    // Copy what a base class declared, so a subclass adds to its handlers without changing the base's.
    const inherited = getSocketEventDeclarations(beanClass);
    const declarations: ISocketEventDeclaration[] = [...inherited, { eventName, methodName, schema: options.schema }];
    Reflect.defineMetadata(SOCKET_EVENTS_KEY, declarations, beanClass);
  };
}

/** The `@SocketEvent` methods of a class, its base classes' included, in declaration order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function getSocketEventDeclarations(beanClass: Function): readonly ISocketEventDeclaration[] {
  return (Reflect.getMetadata(SOCKET_EVENTS_KEY, beanClass) as ISocketEventDeclaration[] | undefined) ?? [];
}

function checkDeclaration(label: string, target: object, eventName: unknown, schema: unknown): void {
  if (typeof target === 'function') {
    throw new ASocketError('EVENT_INVALID', `@SocketEvent on static method ${label}: use an instance method`);
  }
  if (typeof eventName !== 'string' || eventName === '') {
    throw new ASocketError(
      'EVENT_INVALID',
      `@SocketEvent(${JSON.stringify(eventName)}) on ${label}: the event name must be a non-empty string`,
    );
  }
  if (eventName.startsWith('sys')) {
    throw new ASocketError(
      'EVENT_INVALID',
      `@SocketEvent("${eventName}") on ${label}: names starting with "sys" are reserved for system events`,
    );
  }
  if (schema !== undefined && !isStandardSchema(schema)) {
    throw new ASocketError(
      'EVENT_INVALID',
      `@SocketEvent("${eventName}") on ${label}: the schema is not a Standard Schema v1 validator (no "~standard".validate); pass e.g. a zod 4 schema`,
    );
  }
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as Partial<StandardSchemaV1> | null | undefined)?.['~standard'];
  return typeof props === 'object' && props !== null && props.version === 1 && typeof props.validate === 'function';
}

function labelOf(target: object): string {
  return typeof target === 'function' ? target.name : target.constructor.name;
}
