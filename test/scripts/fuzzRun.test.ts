import { describe, expect, test } from '@jest/globals';
import { runFuzz } from '../../scripts/lib/fuzzRun.js';

describe('whole-server fuzzing (short run; `npm run fuzz` for a long one)', () => {
  test('thousands of random frames: the server stays up, a neighbour keeps answering, the registry stays exact', async () => {
    const report = await runFuzz({ runs: 100, maxFramesPerRun: 100 });
    expect(report.runs).toBeGreaterThanOrEqual(40);
    expect(report.frames).toBeGreaterThan(3000);
    expect(Object.keys(report.framesByKind).length).toBeGreaterThanOrEqual(8);
    expect(report.log.error).toBe(0);
  }, 30000);
});
