import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { format, resolveConfig } from 'prettier';
import { runCli } from '../../src/cli/runCli.js';
import { formatDiagnostics, typecheckFiles } from '../support/typecheck.js';
import { recordingIo } from './cliIo.js';

describe('a-socket create', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'a-socket-create-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  async function create(...args: string[]) {
    const io = recordingIo(cwd);
    const code = await runCli(['create', ...args], io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  test('writes <dir>/<scene>.<name>.ts with the class named by DESIGN §2, and says what to do next', async () => {
    const result = await create('socketNamespace', 'chat', '--module', 'demo-chat', '--dir', 'src/beans');
    const file = path.join(cwd, 'src/beans/socketNamespace.chat.ts');
    expect(result).toEqual({
      code: 0,
      stdout: `created ${file}\nadd SocketNamespaceChat to the beans of module "demo-chat"\n`,
      stderr: '',
    });
    const source = readFileSync(file, 'utf8');
    expect(source).toContain("@SocketNamespace({ namespace: '/chat' })");
    expect(source).toContain('export class SocketNamespaceChat extends BeanSocketNamespaceBase<IChatEvents>');
    expect(source).toContain("from 'a-socket';");
    expect(source).toContain("'/chat': IChatEvents;");
  });

  test('connection and packet beans get their onion name (<module>:<name>) in the typed record', async () => {
    expect((await create('socketConnection', 'audit', '--module', 'shop')).code).toBe(0);
    expect((await create('socketPacket', 'rateLimit', '--module', 'shop')).code).toBe(0);
    const connection = readFileSync(path.join(cwd, 'socketConnection.audit.ts'), 'utf8');
    const packet = readFileSync(path.join(cwd, 'socketPacket.rateLimit.ts'), 'utf8');
    expect(connection).toContain('export class SocketConnectionAudit extends BeanBase');
    expect(connection).toContain("'shop:audit': ISocketConnectionOptionsAudit;");
    expect(packet).toContain('export class SocketPacketRateLimit extends BeanBase');
    expect(packet).toContain("'shop:rateLimit': ISocketPacketOptionsRateLimit;");
  });

  test('the generated files compile together, with a module that registers them, and are prettier-formatted', async () => {
    await create('socketNamespace', 'chat', '--module', 'shop');
    await create('socketNamespace', 'admin', '--module', 'shop', '--namespace', '/admin/tools');
    await create('socketNamespace', 'home', '--module', 'shop', '--namespace', '/');
    await create('socketConnection', 'audit', '--module', 'shop');
    await create('socketPacket', 'rateLimit', '--module', 'shop');
    const names = [
      'socketNamespace.chat.ts',
      'socketNamespace.admin.ts',
      'socketNamespace.home.ts',
      'socketConnection.audit.ts',
      'socketPacket.rateLimit.ts',
    ];
    const files: Record<string, string> = Object.fromEntries(
      names.map(name => [name, readFileSync(path.join(cwd, name), 'utf8')]),
    );
    files['module.ts'] = `import { createApp, defineModule } from 'a-socket';
import { SocketConnectionAudit } from './socketConnection.audit.js';
import { SocketNamespaceAdmin } from './socketNamespace.admin.js';
import { SocketNamespaceChat } from './socketNamespace.chat.js';
import { SocketNamespaceHome } from './socketNamespace.home.js';
import { SocketPacketRateLimit } from './socketPacket.rateLimit.js';

export const moduleShop = defineModule({
  name: 'shop',
  beans: [SocketNamespaceChat, SocketNamespaceAdmin, SocketNamespaceHome, SocketConnectionAudit, SocketPacketRateLimit],
});
const app = createApp({ modules: [moduleShop] });
app.socketNamespace('/chat').broadcast('chat:changed', { id: '1' });
app.socketNamespace('/admin/tools').send('some-id', 'admin:changed', { id: '2' });
`;
    const diagnostics = typecheckFiles(files);
    expect(formatDiagnostics(diagnostics)).toBe('');

    const options = await resolveConfig(path.join(process.cwd(), 'src/index.ts'));
    for (const name of names) {
      expect(await format(files[name], { ...options, filepath: name })).toBe(files[name]);
    }
  });

  test('refuses to overwrite an existing file', async () => {
    const file = path.join(cwd, 'socketPacket.audit.ts');
    writeFileSync(file, 'mine');
    const result = await create('socketPacket', 'audit', '--module', 'shop');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `a-socket create: ${file} already exists: a-socket create never overwrites; pick another name or remove it\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  test.each([
    [
      ['socketRoom', 'chat', '--module', 'm'],
      1,
      'scene "socketRoom" is not one a-socket create knows: use socketNamespace, socketConnection, socketPacket',
    ],
    [
      ['socketPacket', 'Chat', '--module', 'm'],
      1,
      'bean name "Chat" is invalid: use camelCase letters and digits starting with a lower-case letter, like "chat" or "rateLimit"',
    ],
    [
      ['socketPacket', 'chat-log', '--module', 'm'],
      1,
      'bean name "chat-log" is invalid: use camelCase letters and digits starting with a lower-case letter, like "chat" or "rateLimit"',
    ],
    [
      ['socketPacket', 'chat', '--module', 'My_Module'],
      1,
      'module name "My_Module" is invalid: use lower-case letters, digits and dashes, like "demo-chat"',
    ],
    [
      ['socketNamespace', 'chat', '--module', 'm', '--namespace', 'chat/'],
      1,
      'namespace "chat/" is invalid: use a path like "/" or "/chat" (no trailing slash)',
    ],
    [
      ['socketPacket', 'chat', '--module', 'm', '--namespace', '/chat'],
      1,
      '--namespace applies to socketNamespace beans only, not to socketPacket',
    ],
    [['socketPacket', 'chat'], 2, '--module <module> is required: the module the bean belongs to, like "demo-chat"'],
    [['socketPacket'], 2, 'expected <scene> <name>, got ["socketPacket"]; see a-socket help'],
    [['socketPacket', 'chat', '--module', 'm', '--dir'], 2, '--dir needs a value; see a-socket help'],
    [['socketPacket', 'chat', '--module', 'm', '--force'], 2, 'unknown option --force; see a-socket help'],
    [
      ['socketPacket', 'chat', '--module'],
      2,
      '--module <module> is required: the module the bean belongs to, like "demo-chat"',
    ],
  ])('a-socket create %j fails with exit code %i: %s', async (args, code, message) => {
    const result = await create(...args);
    expect(result).toEqual({ code, stdout: '', stderr: `a-socket create: ${message}\n` });
    expect(existsSync(path.join(cwd, `${args[0]}.${args[1]}.ts`))).toBe(false);
  });
});
