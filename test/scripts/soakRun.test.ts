import { describe, expect, test } from '@jest/globals';
import { runSoak } from '../../scripts/lib/soakRun.js';
import { hostProcess } from '../support/processWarnings.js';

describe('soak (short run; `npm run soak` for 10,000 cycles and 100,000 RPCs with the heap checked)', () => {
  test('300 connect/close cycles and 3,000 RPCs leave an empty registry, no warning and no error', async () => {
    const report = await runSoak({
      cycles: 300,
      rpcs: 3000,
      warmupCycles: 20,
      warmupRpcs: 200,
      heapBoundBytes: 10 * 1024 * 1024,
      warningSource: hostProcess(),
    });
    expect(report.failures).toEqual([]);
    expect(report.registryAfter).toBe(0);
    expect(report.warnings).toEqual([]);
    expect(report.log.error).toBe(0);
    expect(report.heap.checked).toBe(false);
  }, 30000);
});
