/**
 * `npm run fuzz`: the whole-server fuzzing of `test/scripts/fuzzRun.test.ts`, longer.
 * FUZZ_RUNS (default 2000 connections), FUZZ_FRAMES (default 300 frames per connection at most),
 * FUZZ_SEED (replay a failure with the seed fast-check printed). Exits 1 when a property fails.
 */
import { runFuzz } from './lib/fuzzRun.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name}=${raw} is not a whole number: set it like ${name}=${fallback}`);
  }
  return value;
}

async function main(): Promise<void> {
  const runs = numberFromEnv('FUZZ_RUNS', 2000);
  const maxFramesPerRun = numberFromEnv('FUZZ_FRAMES', 300);
  const seed = process.env.FUZZ_SEED ? numberFromEnv('FUZZ_SEED', 0) : undefined;
  console.log(
    `fuzzing: ${runs} connections, up to ${maxFramesPerRun} frames each${seed === undefined ? '' : `, seed ${seed}`}`,
  );
  const report = await runFuzz({ runs, maxFramesPerRun, seed });
  console.log(
    `ok: ${report.frames} frames over ${report.runs} connections in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  console.log('frames by kind:', report.framesByKind);
  console.log('closing frames by kind:', report.closesByKind);
  console.log(`log lines: ${report.log.warn} warn, ${report.log.error} error`);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
