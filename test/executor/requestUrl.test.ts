import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { requestUrl } from '../../src/executor/requestUrl.js';

/**
 * What the executor sent before (light-my-request): the WHATWG URL parser, `q` merged with `searchParams`; a path
 * that starts like a host (`//x`, and now `/\\x` too) stays a path; 'refused' for what the parser refuses.
 */
function throughUrlParser(path: string, query: Record<string, unknown>): string {
  let url: URL;
  try {
    url = new URL(/^\/[/\\]/.test(path) ? `http://localhost${path}` : path, 'http://localhost');
  } catch {
    return 'refused';
  }
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      url.searchParams.delete(key);
      for (const item of value) url.searchParams.append(key, String(item));
    } else {
      url.searchParams.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
  }
  return url.pathname + url.search;
}

const pathCharacters = fc.constantFrom(...'abcXYZ019-_.~!$&\'()*+,;=:@%/?#\\ "<>`{}é\u0000'.split(''));
const anyPath = fc.array(pathCharacters, { maxLength: 30 }).map(chars => `/${chars.join('')}`);
const queryValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const anyQuery = fc.dictionary(fc.string(), queryValue, { maxKeys: 4 });

describe('the request target of a call', () => {
  test('is what the URL parser makes of its path and query, for any path and query', () => {
    fc.assert(
      fc.property(anyPath, anyQuery, (path, query) => {
        const made = (() => {
          try {
            return requestUrl(path, query);
          } catch (error) {
            expect(error).toMatchObject({ status: 400 });
            return 'refused';
          }
        })();
        expect(made).toBe(throughUrlParser(path, query));
      }),
      { numRuns: 2000 },
    );
  });

  test('keeps a plain path as it is and appends the query, repeating array keys', () => {
    expect(requestUrl('/api/users/jos%C3%A9', {})).toBe('/api/users/jos%C3%A9');
    expect(requestUrl('/api/echo', { a: '1', b: 2, list: ['x', 'y z'], skip: null })).toBe(
      '/api/echo?a=1&b=2&list=x&list=y+z',
    );
  });

  test('resolves dot segments and keeps a path that starts with two slashes a path, as an HTTP client would', () => {
    expect(requestUrl('/api/public/../admin', {})).toBe('/api/admin');
    expect(requestUrl('/api/%2e%2e/admin', {})).toBe('/admin');
    expect(requestUrl('//evil.test/x', {})).toBe('//evil.test/x');
    expect(requestUrl('/\\evil.test/x', {})).toBe('//evil.test/x');
  });
});
