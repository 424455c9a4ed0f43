import { describe, expect, test } from '@jest/globals';
import {
  BeanSocketNamespaceBase,
  createApp,
  createConsoleLogger,
  defineModule,
  SocketNamespace,
} from '../src/index.js';
import { thrownBy } from './support/thrownBy.js';

interface ITodosEvents {
  'todos:added': { title: string };
}

@SocketNamespace({ namespace: '/todos' })
class SocketNamespaceTodos extends BeanSocketNamespaceBase<ITodosEvents> {
  readonly titles: string[] = [];

  /** A method of the namespace bean itself: reachable only when the look-up is typed as this class. */
  add(title: string): number {
    this.titles.push(title);
    return this.titles.length;
  }
}

/** Not listed in any module. */
@SocketNamespace({ namespace: '/elsewhere' })
class SocketNamespaceElsewhere extends BeanSocketNamespaceBase {}

const moduleTodos = defineModule({ name: 'test-todos', beans: [SocketNamespaceTodos] });

describe('app.socketNamespace', () => {
  test('by class: the bean typed as that class, the same singleton as the look-up by path', () => {
    const app = createApp({ logger: createConsoleLogger('silent'), modules: [moduleTodos] });
    const todos = app.socketNamespace(SocketNamespaceTodos);
    // Typed as the class: its own method compiles and its event map types broadcast.
    const count: number = todos.add('write the docs');
    expect(count).toBe(1);
    expect(todos).toBeInstanceOf(SocketNamespaceTodos);
    expect(app.socketNamespace('/todos')).toBe(todos);
    expect(todos.namespace).toBe('/todos');
    // @ts-expect-error the path form is typed by ISocketNamespaceRecord only, which knows no `add`
    expect(() => app.socketNamespace('/todos').add('x')).not.toThrow();
    // @ts-expect-error the event map of the class is checked: no such event
    todos.broadcast('todos:removed', { title: 'x' });
  });

  test('a class that is not a namespace of this app fails naming the class and what to do', () => {
    const app = createApp({ logger: createConsoleLogger('silent'), modules: [moduleTodos] });
    const error = thrownBy(() => app.socketNamespace(SocketNamespaceElsewhere));
    expect(error.code).toBe('NAMESPACE_UNKNOWN');
    expect(error.message).toBe(
      "Class SocketNamespaceElsewhere is not a namespace bean of this app (declared: /, /todos): decorate it with @SocketNamespace and list it in a module's beans",
    );
  });
});
