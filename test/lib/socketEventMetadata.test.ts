import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import {
  Bean,
  BeanBase,
  BeanSocketNamespaceBase,
  createApp,
  createConsoleLogger,
  defineModule,
  SocketEvent,
  SocketNamespace,
  type BeanClass,
  type StandardSchemaV1,
} from '../../src/index.js';
import { getSocketEventDeclarations } from '../../src/lib/socketEventMetadata.js';
import { thrownBy } from '../support/thrownBy.js';

const appOf = (...beans: BeanClass[]) =>
  createApp({ logger: createConsoleLogger('silent'), modules: [defineModule({ name: 'meta', beans })] });

describe('@SocketEvent: what the decorator records', () => {
  test('each handler is recorded with its event, method and schema, base class handlers first', () => {
    const schema = z.string();
    class SocketNamespaceBaseChat extends BeanSocketNamespaceBase {
      @SocketEvent('chat:send', { schema })
      post(_text: string) {}
    }
    @SocketNamespace({ namespace: '/meta-derived' })
    class SocketNamespaceDerived extends SocketNamespaceBaseChat {
      @SocketEvent('chat:typing')
      typing(_data: unknown) {}
    }
    expect(getSocketEventDeclarations(SocketNamespaceDerived)).toEqual([
      { eventName: 'chat:send', methodName: 'post', schema },
      { eventName: 'chat:typing', methodName: 'typing', schema: undefined },
    ]);
    // The subclass's handler did not leak into its base class.
    expect(getSocketEventDeclarations(SocketNamespaceBaseChat)).toHaveLength(1);
    const app = appOf(SocketNamespaceDerived);
    expect(app.eventHandlers.list('/meta-derived').map(route => route.label)).toEqual([
      'SocketNamespaceDerived.post',
      'SocketNamespaceDerived.typing',
    ]);
  });

  test('a name starting with "sys" is reserved', () => {
    const error = thrownBy(() => {
      class SocketNamespaceSys extends BeanSocketNamespaceBase {
        @SocketEvent('sysReady')
        ready() {}
      }
      return SocketNamespaceSys;
    });
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.message).toBe(
      '@SocketEvent("sysReady") on SocketNamespaceSys.ready: names starting with "sys" are reserved for system events',
    );
  });

  test('an empty name and a schema that is not a Standard Schema are refused, naming the method', () => {
    expect(
      thrownBy(() => {
        class SocketNamespaceEmpty extends BeanSocketNamespaceBase {
          @SocketEvent('')
          nothing() {}
        }
        return SocketNamespaceEmpty;
      }).message,
    ).toBe('@SocketEvent("") on SocketNamespaceEmpty.nothing: the event name must be a non-empty string');
    const notASchema = { parse: (value: unknown) => value } as unknown as StandardSchemaV1<unknown>;
    expect(
      thrownBy(() => {
        class SocketNamespaceBad extends BeanSocketNamespaceBase {
          @SocketEvent('x', { schema: notASchema })
          x() {}
        }
        return SocketNamespaceBad;
      }).message,
    ).toBe(
      '@SocketEvent("x") on SocketNamespaceBad.x: the schema is not a Standard Schema v1 validator (no "~standard".validate); pass e.g. a zod 4 schema',
    );
  });

  test('a static method is refused', () => {
    const error = thrownBy(() => {
      class SocketNamespaceStatic extends BeanSocketNamespaceBase {
        @SocketEvent('x')
        static x() {}
      }
      return SocketNamespaceStatic;
    });
    expect(error.message).toBe('@SocketEvent on static method SocketNamespaceStatic.x: use an instance method');
  });
});

describe('@SocketEvent: the handler table is checked when the app is created', () => {
  test('handlers on a bean that is not a namespace bean are a start-up error', () => {
    @Bean()
    class BeanMisplaced extends BeanBase {
      @SocketEvent('misplaced')
      handle() {}
    }
    const error = thrownBy(() => appOf(BeanMisplaced));
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.message).toBe(
      'BeanMisplaced.handle handles "misplaced" but BeanMisplaced is declared with @Bean: @SocketEvent methods belong to @SocketNamespace beans',
    );
  });

  test('two handlers of one event in one namespace are a start-up error naming both', () => {
    @SocketNamespace({ namespace: '/meta-twice' })
    class SocketNamespaceTwice extends BeanSocketNamespaceBase {
      @SocketEvent('twice')
      first() {}

      @SocketEvent('twice')
      second() {}
    }
    const error = thrownBy(() => appOf(SocketNamespaceTwice));
    expect(error.code).toBe('EVENT_DUPLICATE');
    expect(error.message).toBe(
      'Event "twice" on namespace "/meta-twice" has two handlers, SocketNamespaceTwice.first and SocketNamespaceTwice.second: keep one',
    );
  });

  test('the same event name in two namespaces goes to each namespace its own handler', () => {
    @SocketNamespace({ namespace: '/meta-a' })
    class SocketNamespaceA extends BeanSocketNamespaceBase {
      @SocketEvent('ping')
      ping() {}
    }
    @SocketNamespace({ namespace: '/meta-b' })
    class SocketNamespaceB extends BeanSocketNamespaceBase {
      @SocketEvent('ping')
      ping() {}
    }
    const app = appOf(SocketNamespaceA, SocketNamespaceB);
    expect(app.eventHandlers.find('/meta-a', 'ping')?.label).toBe('SocketNamespaceA.ping');
    expect(app.eventHandlers.find('/meta-b', 'ping')?.label).toBe('SocketNamespaceB.ping');
    expect(app.eventHandlers.find('/', 'ping')).toBeUndefined();
  });
});
