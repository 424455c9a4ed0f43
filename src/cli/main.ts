#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from './runCli.js';

// The package's bin: `a-socket create ...`, `a-socket inspect ...`; see runCli.ts for the commands.
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
});
