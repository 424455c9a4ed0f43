import { ASocketError, type ASocketErrorCode } from './error.js';

/** What a TC39 standard decorator receives as its second argument (the part this check reads). */
interface IStandardDecoratorContext {
  kind: string;
  name?: unknown;
}

/**
 * a-socket's decorators are TypeScript's legacy ("experimental") decorators: a class decorator gets the class
 * alone, a method decorator `(prototype, key, descriptor)`, and inversify reads the constructor parameter types
 * that `emitDecoratorMetadata` emits only in that mode. Without `experimentalDecorators` TypeScript calls them as
 * TC39 standard decorators, `(value, context)` with a context object that has a `kind`; left alone they would
 * fail later with a misleading message, or register a bean whose dependencies are never injected. This says
 * instead what to change.
 */
export function refuseStandardDecorator(decorator: string, code: ASocketErrorCode, secondArgument: unknown): void {
  if (!isStandardDecoratorContext(secondArgument)) return;
  const { kind, name } = secondArgument;
  const target = typeof name === 'string' && name !== '' ? ` on ${kind} ${name}` : ` on a ${kind}`;
  throw new ASocketError(
    code,
    `@${decorator}${target} was called as a TC39 standard decorator, which a-socket does not support: set ` +
      '"experimentalDecorators": true and "emitDecoratorMetadata": true in the compilerOptions of tsconfig.json',
  );
}

function isStandardDecoratorContext(value: unknown): value is IStandardDecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}
