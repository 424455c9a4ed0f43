import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import ts from 'typescript';
import { runCli } from '../../src/cli/runCli.js';
import { recordingIo } from './cliIo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A build of its own, beside dist/src (which test/e2e/examples/builtEntries.test.ts writes at the same time): the
 * CLI's entry and everything it imports, plus a module entry to inspect, with tsconfig.build.json's options.
 */
const OUT_DIR = path.join(ROOT, `dist/cli-test-${process.pid}`);
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

interface IRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<IRun> {
  // package.json's bin, with dist/ replaced by this test's build folder.
  const bin = path.join(OUT_DIR, path.relative('dist', PACKAGE.bin['a-socket']));
  const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('the built CLI (package.json bin)', () => {
  let tmp: string;

  beforeAll(() => {
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram({
      rootNames: [path.join(ROOT, 'src/cli/main.ts'), path.join(ROOT, 'examples/readme/notes.ts')],
      options: { ...options, outDir: OUT_DIR, declaration: false, sourceMap: false },
    });
    const result = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
    if (result.emitSkipped || diagnostics.length > 0) {
      throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost(options)));
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), 'a-socket-cli-'));
  }, 60_000);

  afterAll(() => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('bin is dist/src/cli/main.js, an executable node script', () => {
    expect(PACKAGE.bin).toEqual({ 'a-socket': './dist/src/cli/main.js' });
    const built = readFileSync(path.join(OUT_DIR, 'src/cli/main.js'), 'utf8');
    expect(built.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test('inspect on a compiled module entry prints what the in-process command prints for its source, exit 0', async () => {
    const entry = path.join(path.relative(ROOT, OUT_DIR), 'examples/readme/notes.js');
    const inProcess = recordingIo(ROOT);
    expect(await runCli(['inspect', 'examples/readme/notes.ts', '--namespace', '/notes'], inProcess)).toBe(0);
    expect(inProcess.stdout).toMatch(/ \d+\. notes:notesLog\n$/);
    expect(await run('inspect', entry, '--namespace', '/notes')).toEqual({
      code: 0,
      stderr: '',
      stdout: inProcess.stdout,
    });
  });

  test('create writes the file; a second create of it fails with exit code 1; no command exits 2', async () => {
    const created = await run('create', 'socketPacket', 'audit', '--module', 'shop', '--dir', tmp);
    const file = path.join(tmp, 'socketPacket.audit.ts');
    expect(created).toEqual({
      code: 0,
      stderr: '',
      stdout: `created ${file}\nadd SocketPacketAudit to the beans of module "shop"\n`,
    });
    expect(existsSync(file)).toBe(true);
    const again = await run('create', 'socketPacket', 'audit', '--module', 'shop', '--dir', tmp);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const bare = await run();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage:');
  });
});
