import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MALFORMED_PATH, namespaceOfPath } from '../../src/protocol/namespacePath.js';
import { parseRequestUrl } from '../../src/service/socket.js';

/**
 * The rule of docs/protocol.md §1, written out segment by segment (the implementation is one regex):
 * outside the prefix → not ours; under it, a `.`/`..`/empty segment (one trailing slash aside), a
 * backslash, `#`, or an encoded dot, slash or backslash → malformed; else the path minus the prefix, as sent.
 */
function expectedNamespace(path: string, globalPrefix: string): string | typeof MALFORMED_PATH | undefined {
  const prefix = globalPrefix.replace(/\/$/, '');
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return undefined;
  const segments = path.slice(prefix.length).split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  const malformed = segments.some(
    segment =>
      segment === '' ||
      segment === '.' ||
      segment === '..' ||
      segment.includes('\\') ||
      segment.includes('#') ||
      /%(2e|2f|5c)/i.test(segment),
  );
  return malformed ? MALFORMED_PATH : `/${segments.join('/')}`;
}

/** Characters that make paths interesting: separators, dots and their encodings, `#`, and plain ones. */
const pathChar = fc.constantFrom(...'/////....%%%2eEfF5cC\\#?aws-_~é;:@!$&+,='.split(''));
const anyPath = fc.oneof(
  fc.array(pathChar, { maxLength: 14 }).map(parts => `/${parts.join('')}`),
  fc.array(pathChar, { maxLength: 14 }).map(parts => `/ws${parts.join('')}`),
  fc.array(pathChar, { maxLength: 14 }).map(parts => `/ws/${parts.join('')}`),
);

describe('namespaceOfPath', () => {
  test.each([
    ['/ws', '/'],
    ['/ws/', '/'],
    ['/ws/ssrhmr', '/ssrhmr'],
    ['/ws/a/b/', '/a/b'],
    ['/ws/caf%C3%A9', '/caf%C3%A9'],
    ['/ws/%63hat', '/%63hat'],
    ['/ws/a...b/...', '/a...b/...'],
    ['/other', undefined],
    ['/wsx', undefined],
    ['/WS', undefined],
    ['//ws', undefined],
    ['http://host/ws', undefined],
    ['/ws/ssrhmr/%2e%2e/chat', MALFORMED_PATH],
    ['/ws/ssrhmr/%2E%2e/chat', MALFORMED_PATH],
    ['/ws/ssrhmr/.%2E/chat', MALFORMED_PATH],
    ['/ws/%2e%2e', MALFORMED_PATH],
    ['/ws/ssrhmr/../chat', MALFORMED_PATH],
    ['/ws/./chat', MALFORMED_PATH],
    ['/ws/chat/..', MALFORMED_PATH],
    ['/ws/x\\..\\chat', MALFORMED_PATH],
    ['/ws/x%5c..%5Cchat', MALFORMED_PATH],
    ['/ws/ssrhmr%2f..%2Fchat', MALFORMED_PATH],
    ['/ws//chat', MALFORMED_PATH],
    ['/ws/chat//', MALFORMED_PATH],
    ['/ws/chat#/../x', MALFORMED_PATH],
  ])('%s → %p', (path, namespace) => {
    expect(namespaceOfPath(path, '/ws')).toBe(namespace);
  });

  test('any path: the namespace is the path minus the prefix as sent, refused exactly for dot, empty and encoded segments', () => {
    fc.assert(
      fc.property(anyPath, fc.constantFrom('/ws', '/ws/', '/api/ws'), (path, globalPrefix) => {
        const prefixed = globalPrefix === '/api/ws' ? `/api${path}` : path;
        expect(namespaceOfPath(prefixed, globalPrefix)).toBe(expectedNamespace(prefixed, globalPrefix));
      }),
      { numRuns: 3000 },
    );
  });

  test('any path it accepts keeps its segments under WHATWG URL normalisation: no proxy reads another namespace in it', () => {
    fc.assert(
      fc.property(anyPath, sent => {
        const path = sent.replaceAll('?', ''); // a path never holds one: parseRequestUrl cut the query off
        const namespace = namespaceOfPath(path, '/ws');
        if (typeof namespace !== 'string') return;
        const normalised = new URL(path, 'http://localhost').pathname;
        expect(normalised.split('/').length).toBe(path.split('/').length);
        expect(normalised.startsWith('/ws')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseRequestUrl', () => {
  test.each([
    ['/ws', '/ws', []],
    [
      '/ws/chat?a=1&b=%20x&a=2',
      '/ws/chat',
      [
        ['a', '1'],
        ['b', ' x'],
        ['a', '2'],
      ],
    ],
    ['/ws/%2e%2e?x', '/ws/%2e%2e', [['x', '']]],
    ['/ws??a=1', '/ws', [['?a', '1']]],
    ['/ws?', '/ws', []],
    ['/ws/é?q=é+x', '/ws/é', [['q', 'é x']]],
  ])('%s: the path %s as sent and the query values', (url, path, query) => {
    const parsed = parseRequestUrl(url);
    expect(parsed.path).toBe(path);
    expect([...parsed.searchParams]).toEqual(query);
  });

  test('any request target: the path is everything before the first ?, and the query values are what new URL() reads', () => {
    // What Node's parser lets through: printable ASCII without space (it ends the target; new URL() would
    // trim it) and without raw non-ASCII (refused, HPE_INVALID_URL; Node's URLSearchParams decodes `%FFé`
    // unlike new URL()). `%C3%A9` is how a client sends é.
    const queryChar = fc.constantFrom(
      '?',
      '=',
      '&',
      '%',
      '+',
      '2',
      'F',
      'C3',
      'A9',
      '-',
      '_',
      '.',
      '~',
      ';',
      ':',
      '@',
      '!',
      '$',
      "'",
      '(',
      ')',
      '*',
      ',',
      '/',
      '\\',
    );
    fc.assert(
      fc.property(anyPath, fc.option(fc.array(queryChar, { maxLength: 14 })), (path, query) => {
        const pathOnly = path.replaceAll('?', '');
        const url = query === null ? pathOnly : `${pathOnly}?${query.join('')}`;
        const parsed = parseRequestUrl(url);
        expect(parsed.path).toBe(pathOnly);
        const whatwg = new URL(`http://localhost/?${query === null ? '' : query.join('')}`).searchParams;
        expect([...parsed.searchParams]).toEqual([...whatwg]);
      }),
      { numRuns: 3000 },
    );
  });
});
