/**
 * The README's client samples are the files in examples/client/ (tsc checks them with the rest of the code).
 * The Node one is also run, as its own process, against the demo on a free port.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { build } from 'esbuild';
import { startDemoHarness, type IDemoHarness } from '../e2e/examples/demoHarness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLES_DIR = `${ROOT}examples/client/`;
/** Inside the repository, so that the bundle's `import 'ws'` resolves; git-ignored. */
const OUTPUT_DIR = `${ROOT}test-results/readme-client/`;
const SAMPLE_PORT = '127.0.0.1:7102';

test.each(['browser.ts', 'node.ts'])('examples/client/%s is in the README word for word', async file => {
  const [source, readme, present] = await Promise.all([
    readFile(`${SAMPLES_DIR}${file}`, 'utf8'),
    readFile(`${ROOT}README.md`, 'utf8'),
    readdir(SAMPLES_DIR),
  ]);
  expect(present.sort()).toEqual(['browser.ts', 'node.ts']);
  const asUsersWriteIt = source.replaceAll("'../../src/client/index.js'", "'a-socket/client'");
  expect(asUsersWriteIt).toContain("from 'a-socket/client'");
  expect(readme).toContain('```ts\n' + asUsersWriteIt + '```');
});

describe('the Node sample', () => {
  let harness: IDemoHarness;

  beforeAll(async () => {
    harness = await startDemoHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  test('connects, gets an echo and hears the reload it asked for, then exits 0 on its own', async () => {
    const source = await readFile(`${SAMPLES_DIR}node.ts`, 'utf8');
    expect(source).toContain(SAMPLE_PORT);
    // The sample as written, aimed at this test's demo; ws stays an import, the client SDK is bundled in.
    const bundled = await build({
      stdin: {
        contents: source.replace(SAMPLE_PORT, `127.0.0.1:${harness.demo.port}`),
        resolveDir: SAMPLES_DIR,
        sourcefile: 'node.ts',
        loader: 'ts',
      },
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['ws'],
      logLevel: 'silent',
    });
    await mkdir(OUTPUT_DIR, { recursive: true });
    const script = `${OUTPUT_DIR}node.mjs`;
    await writeFile(script, bundled.outputFiles[0].text);

    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearTimeout(timer);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^ready [0-9a-f-]{36}$/),
      "echo { hello: 'world' }",
      expect.stringMatching(/^reload \{ at: \d+ \}$/),
    ]);
  });
});
