/**
 * `npm run soak`: 10,000 connect/close cycles and 100,000 RPCs against an in-process server (see
 * scripts/lib/soakRun.ts), then: the registry is empty, no process warning (MaxListenersExceededWarning…),
 * no error logged, heapUsed after GC within SOAK_HEAP_MB (default 10) of its value after the warm-up.
 * SOAK_CYCLES and SOAK_RPCS change the sizes. Needs `node --expose-gc` (the npm script passes it).
 * Prints a summary; exits 1 on any failure.
 */
import { mb, runSoak } from './lib/soakRun.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name}=${raw} is not a number: set it like ${name}=${fallback}`);
  return value;
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('global.gc is missing: run with node --expose-gc (npm run soak does)');
  const cycles = numberFromEnv('SOAK_CYCLES', 10_000);
  const rpcs = numberFromEnv('SOAK_RPCS', 100_000);
  const heapMb = numberFromEnv('SOAK_HEAP_MB', 10);
  console.log(`soak: ${cycles} connect/close cycles, ${rpcs} RPCs, heap bound +${heapMb} MB`);
  const report = await runSoak({ cycles, rpcs, heapBoundBytes: heapMb * 1024 * 1024, gc, warningSource: process });
  const { heap } = report;
  console.log(`cycles:   ${report.cycles} (${report.cyclesPerSecond}/s)`);
  console.log(`rpcs:     ${report.rpcs} (${report.rpcsPerSecond}/s)`);
  console.log(
    `heap:     ${mb(heap.startBytes)} after warm-up -> ${mb(heap.endBytes)} at the end (${heap.deltaBytes >= 0 ? '+' : ''}${mb(heap.deltaBytes)}, bound +${mb(heap.boundBytes)})`,
  );
  console.log(`registry: ${report.registryAfter} connections left`);
  console.log(`warnings: ${report.warnings.length}; log: ${report.log.warn} warn, ${report.log.error} error`);
  console.log(`time:     ${(report.durationMs / 1000).toFixed(1)} s`);
  if (!report.ok) {
    console.error(`FAILED:\n  ${report.failures.slice(0, 20).join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log('ok');
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
