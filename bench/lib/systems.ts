import { readdirSync } from 'node:fs';
import { type IBenchSystem } from './system.js';

/** Compiled systems live beside this file's folder: dist/bench/systems/<name>.js. */
const SYSTEMS_DIR = new URL('../systems/', import.meta.url);

/** The baselines first (ratios are taken against them), then the rest by name. */
const BASELINES = ['ws-raw', 'ws-corked'];

/** Every system file present; adding `bench/systems/<name>.ts` is all it takes to appear here. */
export function listSystemNames(): string[] {
  const names = readdirSync(SYSTEMS_DIR)
    .filter(file => file.endsWith('.js'))
    .map(file => file.slice(0, -'.js'.length));
  const rank = (name: string) => (BASELINES.includes(name) ? BASELINES.indexOf(name) : BASELINES.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export async function loadSystem(name: string): Promise<IBenchSystem> {
  const module = (await import(new URL(`${name}.js`, SYSTEMS_DIR).href)) as { system?: IBenchSystem };
  if (!module.system) throw new Error(`bench/systems/${name}.ts does not export \`system\``);
  if (module.system.name !== name)
    throw new Error(`bench/systems/${name}.ts exports a system named "${module.system.name}"`);
  return module.system;
}
