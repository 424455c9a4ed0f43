import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { runCli } from '../../src/cli/runCli.js';
import { createApp, createConsoleLogger } from '../../src/index.js';
import { recordingIo } from './cliIo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The built-in chains of an app without modules. Computed, not listed: built-in onions are added by other work,
 * and what these tests check is where a module's onions land among them and what inspect prints.
 */
const bare = createApp({ logger: createConsoleLogger('silent') });
const BUILT_IN_CONNECTION = bare.onion.inspect('socketConnection', '/');
const BUILT_IN_PACKET = bare.onion.inspect('socketPacket', '/');
/** The built-in packet chain with `name` placed right before a-socket:socketEvent. */
const packetWith = (name: string) =>
  BUILT_IN_PACKET.flatMap(onion => (onion === 'a-socket:socketEvent' ? [name, onion] : [onion]));
const numbered = (names: readonly string[]) => names.map((name, index) => `    ${index + 1}. ${name}\n`).join('');

async function inspect(...args: string[]) {
  const io = recordingIo(ROOT);
  const code = await runCli(['inspect', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('a-socket inspect', () => {
  test('prints the chains of one namespace in run order, with its @SocketEvent handlers', async () => {
    const result = await inspect('test/cli/fixtures/inspectEntry.ts', '--namespace', '/cli-chat');
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'namespace /cli-chat  (SocketNamespaceCliChat, module cli-chat)\n' +
        '  connection chain:\n' +
        numbered([...BUILT_IN_CONNECTION.filter(name => name !== 'a-socket:cors'), 'cli-chat:greeter']) +
        '  packet chain:\n' +
        numbered(packetWith('cli-audit:audit')) +
        '  event handlers (a-socket:socketEvent):\n' +
        '    chat:say -> SocketNamespaceCliChat.say  (schema: zod)\n' +
        '    chat:typing -> SocketNamespaceCliChat.typing  (no schema)\n',
    });
  });

  test('without --namespace: every declared namespace; --json gives the same as data', async () => {
    const result = await inspect('test/cli/fixtures/inspectEntry.ts', '--json');
    expect(result.code).toBe(0);
    const withoutCors = BUILT_IN_CONNECTION.filter(name => name !== 'a-socket:cors');
    expect(JSON.parse(result.stdout)).toEqual({
      namespaces: [
        {
          namespace: '/',
          declaredBy: 'SocketNamespaceRoot',
          module: 'a-socket',
          connection: withoutCors,
          packet: packetWith('cli-audit:audit'),
          events: [],
        },
        {
          namespace: '/cli-chat',
          declaredBy: 'SocketNamespaceCliChat',
          module: 'cli-chat',
          connection: [...withoutCors, 'cli-chat:greeter'],
          packet: packetWith('cli-audit:audit'),
          events: [
            { event: 'chat:say', handler: 'SocketNamespaceCliChat.say', schema: 'zod' },
            { event: 'chat:typing', handler: 'SocketNamespaceCliChat.typing' },
          ],
        },
      ],
    });
  });

  test("named module exports work too: the README's notes module", async () => {
    const result = await inspect('examples/readme/notes.ts', '--namespace', '/notes', '--json');
    expect(JSON.parse(result.stdout).namespaces[0]).toMatchObject({
      connection: BUILT_IN_CONNECTION,
      packet: [...BUILT_IN_PACKET, 'notes:notesLog'],
    });
  });

  test("createApp's own checks fail the command: an onion cycle is named", async () => {
    expect(await inspect('test/cli/fixtures/cycleEntry.ts')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'a-socket inspect: Circular onion dependency: cli-cycle:b -> cli-cycle:a -> cli-cycle:b\n',
    });
  });

  test('an entry without modules, a missing file, an undeclared namespace and a missing entry are explained', async () => {
    const noModule = path.join(ROOT, 'test/cli/fixtures/noModuleEntry.ts');
    expect(await inspect('test/cli/fixtures/noModuleEntry.ts')).toEqual({
      code: 1,
      stdout: '',
      stderr: `a-socket inspect: ${noModule} exports no module: export default defineModule({...}) (or an array of modules), or export const myModule = defineModule({...})\n`,
    });
    const missing = await inspect('nowhere/module.js');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      new RegExp(
        `^a-socket inspect: cannot import ${path.join(ROOT, 'nowhere/module.js')}: .+ \\(pass a compiled .js ES module that exports your modules\\)\\n$`,
      ),
    );
    expect(await inspect('test/cli/fixtures/inspectEntry.ts', '--namespace', '/nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'a-socket inspect: namespace "/nope" is not declared by these modules (declared: /, /cli-chat)\n',
    });
    expect(await inspect()).toEqual({
      code: 2,
      stdout: '',
      stderr: 'a-socket inspect: expected one <module-entry>, got []; see a-socket help\n',
    });
  });

  test('help prints the usage; an unknown command prints it on stderr with exit code 2', async () => {
    const help = recordingIo(ROOT);
    expect(await runCli(['help'], help)).toBe(0);
    expect(help.stdout).toContain('a-socket inspect <module-entry.js> [--namespace </path>] [--json]');
    const unknown = recordingIo(ROOT);
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr).toBe(`a-socket: unknown command "frobnicate"\n\n${help.stdout}`);
  });
});
