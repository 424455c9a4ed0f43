import { matchesRule } from '../../../src/core/onion/matchRule.js';

// The a-socket module matches onions against namespaces: the targets here are namespaces.

const NAMESPACES = ['/', '/chat', '/chat/room', '/ssrhmr', '/admin'];

/** The namespaces among NAMESPACES where an onion with these rules runs. */
const runsIn = (match?: Parameters<typeof matchesRule>[1], ignore?: Parameters<typeof matchesRule>[2]) =>
  NAMESPACES.filter(namespace => matchesRule(namespace, match, ignore));

describe('matchesRule', () => {
  test('without match or ignore an onion runs everywhere', () => {
    expect(runsIn()).toEqual(NAMESPACES);
  });

  describe('match', () => {
    test('a string matches exactly that namespace, not its children or prefixes', () => {
      expect(runsIn('/chat')).toEqual(['/chat']);
      expect(runsIn('/')).toEqual(['/']);
    });

    test('a RegExp matches the namespaces it tests true for', () => {
      expect(runsIn(/^\/chat/)).toEqual(['/chat', '/chat/room']);
    });

    test('a global RegExp gives the same answer every time (lastIndex does not leak between calls)', () => {
      const rule = /^\/chat/g;
      expect(matchesRule('/chat', rule)).toBe(true);
      expect(matchesRule('/chat', rule)).toBe(true);
      expect(runsIn(rule)).toEqual(['/chat', '/chat/room']);
      expect(runsIn(rule)).toEqual(['/chat', '/chat/room']);
    });

    test('a sticky RegExp gives the same answer every time', () => {
      const rule = /\/chat/y;
      expect(matchesRule('/chat/room', rule)).toBe(true);
      expect(matchesRule('/chat/room', rule)).toBe(true);
    });

    test('a function gets the namespace and decides', () => {
      const asked: string[] = [];
      const rule = (namespace: string) => {
        asked.push(namespace);
        return namespace.length > 6;
      };
      expect(runsIn(rule)).toEqual(['/chat/room', '/ssrhmr']);
      expect(asked).toEqual(NAMESPACES);
    });

    test('an array matches when any of its rules does', () => {
      expect(runsIn(['/admin', /^\/ssr/, namespace => namespace === '/'])).toEqual(['/', '/ssrhmr', '/admin']);
    });
  });

  describe('ignore', () => {
    test('a string excludes exactly that namespace', () => {
      expect(runsIn(undefined, '/chat')).toEqual(['/', '/chat/room', '/ssrhmr', '/admin']);
    });

    test('a RegExp excludes what it tests true for, the same way every time even when global', () => {
      const rule = /^\/chat/g;
      expect(runsIn(undefined, rule)).toEqual(['/', '/ssrhmr', '/admin']);
      expect(runsIn(undefined, rule)).toEqual(['/', '/ssrhmr', '/admin']);
    });

    test('a function excludes where it returns true', () => {
      expect(runsIn(undefined, namespace => namespace !== '/')).toEqual(['/']);
    });

    test('an array excludes what any of its rules matches', () => {
      expect(runsIn(undefined, ['/', /room$/, namespace => namespace === '/admin'])).toEqual(['/chat', '/ssrhmr']);
    });
  });

  describe('match and ignore together', () => {
    test('an onion runs where match passes and ignore does not', () => {
      expect(runsIn(/^\/chat/, '/chat/room')).toEqual(['/chat']);
      expect(runsIn(['/', '/admin', '/chat'], [/^\/a/, namespace => namespace === '/'])).toEqual(['/chat']);
    });

    test('ignore wins over match for the same namespace', () => {
      expect(matchesRule('/chat', '/chat', '/chat')).toBe(false);
    });

    test('a namespace that fails match does not run, whatever ignore says', () => {
      expect(matchesRule('/admin', '/chat', '/other')).toBe(false);
    });
  });
});
