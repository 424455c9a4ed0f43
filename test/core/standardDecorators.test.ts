/**
 * Every decorator of a-socket, compiled by TypeScript without `experimentalDecorators` (TC39 standard decorators,
 * as `tsc --init` sets up a project) and run: each refuses with an ASocketError that says which tsconfig.json flags
 * to set, instead of a misleading message or a bean whose dependencies are never injected.
 */
import { describe, expect, test } from '@jest/globals';
import * as aSocket from '../../src/index.js';
import { getSocketEventDeclarations } from '../../src/lib/socketEventMetadata.js';
import { runTranspiled } from '../support/runTranspiled.js';

/** The compiler options of a fresh `tsc --init` project as far as decorators go: standard decorators. */
const STANDARD_DECORATORS = { experimentalDecorators: false, emitDecoratorMetadata: false };

function errorOfRunning(source: string): aSocket.ASocketError {
  try {
    runTranspiled(source, { 'a-socket': aSocket }, STANDARD_DECORATORS);
  } catch (error) {
    expect(error).toBeInstanceOf(aSocket.ASocketError);
    return error as aSocket.ASocketError;
  }
  throw new Error('expected the compiled fixture to throw an ASocketError, it ran without one');
}

const TSCONFIG_ADVICE =
  'set "experimentalDecorators": true and "emitDecoratorMetadata": true in the compilerOptions of tsconfig.json';

describe('decorators compiled as TC39 standard decorators', () => {
  test('@SocketEvent on a method says to enable experimentalDecorators, not that the method is static', () => {
    const error = errorOfRunning(`
      import { BeanSocketNamespaceBase, SocketEvent, SocketNamespace } from 'a-socket';
      @SocketNamespace({ namespace: '/todos' })
      export class SocketNamespaceTodos extends BeanSocketNamespaceBase {
        @SocketEvent('ping')
        ping() {}
      }
    `);
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.message).toBe(
      `@SocketEvent on method ping was called as a TC39 standard decorator, which a-socket does not support: ${TSCONFIG_ADVICE}`,
    );
  });

  test.each([
    ['Bean', 'BeanHelper', '{ name: "helper" }'],
    ['Service', 'ServiceTodos', ''],
    ['SocketNamespace', 'SocketNamespaceTodos', "{ namespace: '/todos' }"],
    ['SocketConnection', 'SocketConnectionGuard', ''],
    ['SocketPacket', 'SocketPacketTrace', ''],
  ])('@%s on a class says to enable experimentalDecorators', (decorator, className, options) => {
    const error = errorOfRunning(`
      import { ${decorator} } from 'a-socket';
      @${decorator}(${options})
      export class ${className} {}
    `);
    expect(error.code).toBe('BEAN_INVALID');
    expect(error.message).toBe(
      `@${decorator} on class ${className} was called as a TC39 standard decorator, which a-socket does not support: ${TSCONFIG_ADVICE}`,
    );
  });

  test('the same fixtures compiled with experimentalDecorators run and record their metadata', () => {
    const { SocketNamespaceTodos } = runTranspiled(
      `
      import { BeanSocketNamespaceBase, SocketEvent, SocketNamespace } from 'a-socket';
      @SocketNamespace({ namespace: '/todos' })
      export class SocketNamespaceTodos extends BeanSocketNamespaceBase {
        @SocketEvent('ping')
        ping() {}
      }
    `,
      { 'a-socket': aSocket },
      { experimentalDecorators: true, emitDecoratorMetadata: true },
    );
    expect(getSocketEventDeclarations(SocketNamespaceTodos as new () => unknown)).toEqual([
      { eventName: 'ping', methodName: 'ping', schema: undefined },
    ]);
  });
});
