import { describe, expect, test } from '@jest/globals';
import type { OriginRule } from '../../src/index.js';
import { isOriginAllowed } from '../../src/lib/originPolicy.js';

const HOST = 'api.example.com';
const allowed = (origin: string, rules: OriginRule[], host: string | undefined = HOST) =>
  isOriginAllowed(origin, host, rules);

describe('isOriginAllowed', () => {
  describe("the request's own host", () => {
    test.each([
      ['https://api.example.com', true],
      ['http://api.example.com', true],
      ['https://api.example.com:8443', false],
      ['https://evil.com', false],
      ['https://api.example.com.evil.com', false],
    ])('%s against Host api.example.com: %s', (origin, expected) => {
      expect(allowed(origin, [])).toBe(expected);
    });

    test('a port in the Host header must match the origin port', () => {
      expect(allowed('http://localhost:7102', [], 'localhost:7102')).toBe(true);
      expect(allowed('http://localhost:3000', [], 'localhost:7102')).toBe(false);
    });

    test('without a Host header only the rules decide', () => {
      expect(isOriginAllowed('https://api.example.com', undefined, [])).toBe(false);
    });
  });

  describe('exact rules', () => {
    test('match the whole origin, scheme and port included', () => {
      const rules = ['https://app.example'];
      expect(allowed('https://app.example', rules)).toBe(true);
      expect(allowed('http://app.example', rules)).toBe(false);
      expect(allowed('https://app.example:444', rules)).toBe(false);
      expect(allowed('https://app.example.evil', rules)).toBe(false);
    });
  });

  describe('wildcard rules', () => {
    test('*.example.com matches subdomains at any depth, any scheme and port, not the apex nor look-alikes', () => {
      const rules = ['*.example.com'];
      expect(allowed('https://a.example.com', rules)).toBe(true);
      expect(allowed('http://a.b.example.com:8080', rules)).toBe(true);
      expect(allowed('https://example.com', rules)).toBe(false);
      expect(allowed('https://evilexample.com', rules)).toBe(false);
      expect(allowed('https://example.com.evil.org', rules)).toBe(false);
    });

    test('a scheme in the rule must match', () => {
      const rules = ['https://*.example.com'];
      expect(allowed('https://a.example.com', rules)).toBe(true);
      expect(allowed('http://a.example.com', rules)).toBe(false);
    });

    test('a port in the rule must match', () => {
      const rules = ['*.example.com:8443'];
      expect(allowed('https://a.example.com:8443', rules)).toBe(true);
      expect(allowed('https://a.example.com', rules)).toBe(false);
      expect(allowed('https://a.example.com:9443', rules)).toBe(false);
    });

    test('an origin that is not a URL never matches a wildcard', () => {
      expect(allowed('null', ['*.example.com'])).toBe(false);
      expect(allowed('not a url', ['*.example.com'])).toBe(false);
    });
  });

  describe('RegExp rules', () => {
    test('test the whole origin string', () => {
      const rules = [/^https:\/\/(www|app)\.example\.org$/];
      expect(allowed('https://app.example.org', rules)).toBe(true);
      expect(allowed('https://api.example.org', rules)).toBe(false);
      expect(allowed('https://app.example.org.evil', rules)).toBe(false);
    });

    test('a global RegExp gives the same answer every time (lastIndex is reset)', () => {
      const rules = [/^https:\/\/app\.example\.org$/g];
      for (let n = 0; n < 4; n++) expect(allowed('https://app.example.org', rules)).toBe(true);
    });
  });

  describe('function rules', () => {
    test('decide with the origin as sent', () => {
      const seen: string[] = [];
      const rule = (origin: string) => {
        seen.push(origin);
        return origin.endsWith('.trusted.dev');
      };
      expect(allowed('https://x.trusted.dev', [rule])).toBe(true);
      expect(allowed('null', [rule])).toBe(false);
      expect(seen).toEqual(['https://x.trusted.dev', 'null']);
    });
  });

  test('"*" allows every origin, also "null" (sandboxed frames, file://)', () => {
    expect(allowed('https://anything.example', ['*'])).toBe(true);
    expect(allowed('null', ['*'])).toBe(true);
  });

  test('any one rule is enough, and no rule at all allows only the own host', () => {
    const rules: OriginRule[] = ['https://a.example', /^https:\/\/b\./, origin => origin === 'https://c.example'];
    expect(['https://a.example', 'https://b.example', 'https://c.example'].map(o => allowed(o, rules))).toEqual([
      true,
      true,
      true,
    ]);
    expect(allowed('https://d.example', rules)).toBe(false);
    expect(allowed('null', [])).toBe(false);
  });
});
