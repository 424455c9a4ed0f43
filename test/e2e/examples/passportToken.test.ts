import { describe, expect, test } from '@jest/globals';
import { createTokenPassportVerifier, PassportTokens } from '../../../examples/demo/passportToken.js';
import type { ISocketContext } from '../../../src/index.js';

const SECRET = 'unit-test-secret-0123456789';

describe('passport tokens', () => {
  test('a signed token verifies to its name and expiry', () => {
    const tokens = new PassportTokens(SECRET, { ttlSeconds: 60, now: () => 1_000_000 });
    expect(tokens.verify(tokens.sign('  alice '))).toEqual({ name: 'alice', exp: 1_000 + 60 });
  });

  test('a token with a changed payload or signature is refused', () => {
    const tokens = new PassportTokens(SECRET);
    const [body, signature] = tokens.sign('alice').split('.');
    const forgedBody = Buffer.from(JSON.stringify({ name: 'bob', exp: 9e9 })).toString('base64url');
    expect(tokens.verify(`${forgedBody}.${signature}`)).toBeUndefined();
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(tokens.verify(`${body}.${flipped}`)).toBeUndefined();
    expect(tokens.verify(`${body}.${signature.slice(0, -2)}`)).toBeUndefined();
  });

  test('another spelling of the right signature (base64 padding bits) is refused', () => {
    const tokens = new PassportTokens(SECRET);
    const token = tokens.sign('alice');
    const last = token.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes take 43 characters; the last one carries 4 bits, its 2 low bits are unused.
    const sameBits = alphabet[alphabet.indexOf(last) ^ 1];
    const respelled = `${token.slice(0, -1)}${sameBits}`;
    expect(Buffer.from(respelled.split('.')[1], 'base64url')).toEqual(Buffer.from(token.split('.')[1], 'base64url'));
    expect(tokens.verify(respelled)).toBeUndefined();
  });

  test('a token signed with another secret is refused', () => {
    const other = new PassportTokens('another-secret-0123456789');
    expect(new PassportTokens(SECRET).verify(other.sign('alice'))).toBeUndefined();
  });

  test('an expired token is refused', () => {
    let now = 1_000_000;
    const tokens = new PassportTokens(SECRET, { ttlSeconds: 60, now: () => now });
    const token = tokens.sign('alice');
    now += 59_000;
    expect(tokens.verify(token)?.name).toBe('alice');
    now += 1_000;
    expect(tokens.verify(token)).toBeUndefined();
  });

  test.each(['', 'abc', 'a.b.c', '.', 'not base64!.x', 'x'.repeat(5000)])('malformed token %j is refused', token => {
    expect(new PassportTokens(SECRET).verify(token)).toBeUndefined();
  });

  test('names that are empty, too long or hold control characters cannot be signed', () => {
    const tokens = new PassportTokens(SECRET);
    expect(() => tokens.sign('   ')).toThrow('name must not be empty');
    expect(() => tokens.sign('x'.repeat(65))).toThrow('name must be at most 64 characters, got 65');
    expect(() => tokens.sign('a\nb')).toThrow('name must not contain control characters');
  });

  test('a short secret is refused with its length', () => {
    expect(() => new PassportTokens('short')).toThrow('at least 16 characters long, got 5');
  });

  test('the verifier turns a valid token into a named user expiring with it, and anything else into undefined', async () => {
    const tokens = new PassportTokens(SECRET);
    const verifier = createTokenPassportVerifier(tokens);
    const ctx = {} as ISocketContext;
    const token = tokens.sign('alice');
    expect(await verifier.verify(token, ctx)).toEqual({
      name: 'alice',
      anonymous: false,
      expiresAt: tokens.verify(token)!.exp * 1000,
    });
    expect(await verifier.verify('garbage', ctx)).toBeUndefined();
  });
});
