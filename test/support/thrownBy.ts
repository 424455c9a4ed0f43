import { expect } from '@jest/globals';
import { ASocketError } from '../../src/index.js';

/** The ASocketError `fn` throws; fails the test when it throws something else or nothing. */
export function thrownBy(fn: () => unknown): ASocketError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ASocketError);
    return error as ASocketError;
  }
  throw new Error('expected an ASocketError, nothing was thrown');
}
