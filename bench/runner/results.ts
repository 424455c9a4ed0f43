import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type IRoundMeasurement } from '../lib/ipc.js';
import { type IMachineInfo } from './machine.js';
import { type IBenchOptions } from './options.js';
import { type IVariant } from './plan.js';
import { RESULTS_DIR } from './paths.js';
import { type ISystemSummary } from './summary.js';

export interface IVariantResult {
  variant: IVariant;
  summaries: ISystemSummary[];
  /** Every round as measured, in the order run, failures included. */
  rounds: { round: number; system: string; measurement?: IRoundMeasurement; error?: string }[];
}

export interface IBenchResults {
  startedAt: string;
  finishedAt: string;
  options: IBenchOptions;
  machine: IMachineInfo;
  /** Systems that could not start, with the reason. */
  unavailable: Record<string, string>;
  notes: string[];
  variants: IVariantResult[];
}

/** Writes bench/results/<timestamp>.json and returns its path. */
export function writeResults(results: IBenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  // JSON has no Infinity: an unlimited fd limit becomes null, which reads as "no limit".
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
