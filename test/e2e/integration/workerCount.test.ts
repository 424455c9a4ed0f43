import { describe, expect, test } from '@jest/globals';
import { MAX_WORKERS, readWorkerCount } from '../../../examples/demo/cluster.js';

describe('readWorkerCount (WORKERS)', () => {
  const redis = 'redis://127.0.0.1:6379';

  test('unset, blank or 1 is one process, with or without REDIS_URL', () => {
    expect(readWorkerCount({}, undefined)).toBe(1);
    expect(readWorkerCount({ WORKERS: ' ' }, undefined)).toBe(1);
    expect(readWorkerCount({ WORKERS: '1' }, undefined)).toBe(1);
    expect(readWorkerCount({ WORKERS: ' 4 ' }, redis)).toBe(4);
  });

  test('more than one without REDIS_URL is an error naming both variables and what to do', () => {
    expect(() => readWorkerCount({ WORKERS: '3' }, undefined)).toThrow(
      "WORKERS=3 needs REDIS_URL: workers reach each other's clients only through Redis. Set REDIS_URL (e.g. redis://127.0.0.1:6379) or leave WORKERS unset for one process",
    );
  });

  test.each(['0', '-2', '1.5', 'two', String(MAX_WORKERS + 1)])(
    'WORKERS=%j is refused with the value in the message',
    value => {
      expect(() => readWorkerCount({ WORKERS: value }, redis)).toThrow(
        `WORKERS must be a whole number from 1 to ${MAX_WORKERS}, got "${value}"`,
      );
    },
  );
});
