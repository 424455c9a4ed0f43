import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { TestClient } from '../support/wsClient.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

/** `npm start` without npm: the compiled entry, as a newcomer and the acceptance checks run it. */
describe('the demo entry (dist/examples/demo/main.js)', () => {
  let child: ChildProcess | undefined;
  let client: TestClient | undefined;

  beforeAll(async () => {
    const build = spawn(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    let output = '';
    build.stdout.on('data', chunk => (output += chunk));
    build.stderr.on('data', chunk => (output += chunk));
    const [code] = (await once(build, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`tsc -p tsconfig.build.json exited with ${code}:\n${output}`);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  test('prints the listening line, serves /ws/ssrhmr reloads, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) };
    delete env.REDIS_URL;
    delete env.PASSPORT_SECRET;
    delete env.ALLOWED_ORIGINS;
    const started = spawn(process.execPath, ['dist/examples/demo/main.js'], { cwd: ROOT, env, stdio: 'pipe' });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stderr.on('data', chunk => (stderr += chunk));
    const listeningLine = `listening on http://127.0.0.1:${port}`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no listening line within 10 s; stdout: ${stdout} stderr: ${stderr}`)),
        10_000,
      );
      started.stdout.on('data', chunk => {
        stdout += chunk;
        if (stdout.split('\n').includes(listeningLine)) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', code => reject(new Error(`exited with ${code} before listening; stderr: ${stderr}`)));
    });

    client = new TestClient(`ws://127.0.0.1:${port}/ws/ssrhmr`);
    const id = await client.ready();
    expect(client.frames[0]).toBe(`_:["_a",{"id":"${id}"}]`);
    const response = await fetch(`http://127.0.0.1:${port}/api/ssrhmr/reload`, { method: 'POST' });
    expect(response.status).toBe(200);
    const reload = await client.nextEvent(event => event.name === 'reload');
    expect(reload.data).toEqual({ at: expect.any(Number) });

    const exited = once(started, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    started.kill('SIGTERM');
    let sigtermTimer: NodeJS.Timeout | undefined;
    const [code, signal] = await Promise.race([
      exited,
      new Promise<never>((_resolve, reject) => {
        sigtermTimer = setTimeout(() => reject(new Error('still running 5 s after SIGTERM')), 5000);
      }),
    ]).finally(() => clearTimeout(sigtermTimer));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect((await client.closed).code).toBe(1001);
    expect(stdout.split('\n').filter(line => line.startsWith('listening on'))).toEqual([listeningLine]);
  });
});

/** A port nobody listens on right now: bind 0, read it, release it. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
