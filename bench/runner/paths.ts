import { fileURLToPath } from 'node:url';

/** This file is dist/bench/runner/paths.js: the package root is three folders up. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SERVER_SCRIPT = fileURLToPath(new URL('../server/main.js', import.meta.url));
export const GENERATOR_SCRIPT = fileURLToPath(new URL('../generator/main.js', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
export const PROFILES_DIR = fileURLToPath(new URL('../../../bench/results/profiles/', import.meta.url));
