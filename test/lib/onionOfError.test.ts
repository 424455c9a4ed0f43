import { describe, expect, test } from '@jest/globals';
import { onionOfError } from '../../src/lib/onionOfError.js';

class SocketPacketInner {
  async execute(): Promise<never> {
    throw new Error('inner failed');
  }
}

class SocketPacketOuter {
  async execute(inner: SocketPacketInner): Promise<void> {
    await inner.execute();
  }
}

const onions = new Map([
  ['SocketPacketInner', 'test:inner'],
  ['SocketPacketOuter', 'test:outer'],
]);

describe('onionOfError', () => {
  test('names the innermost onion an error passed through, not the outer ones that awaited it', async () => {
    const error = await new SocketPacketOuter().execute(new SocketPacketInner()).catch((caught: unknown) => caught);
    expect(onionOfError(error, onions)).toBe('test:inner');
  });

  test('is undefined for errors made outside any onion and for values that are not errors', () => {
    expect(onionOfError(new Error('elsewhere'), onions)).toBeUndefined();
    expect(onionOfError('a string', onions)).toBeUndefined();
  });
});
