import { parseArgs } from 'node:util';
import { ASocketError } from '../core/error.js';
import { CliError } from './cliError.js';
import { createBean } from './createBean.js';
import { CREATABLE_SCENES } from './beanTemplates.js';
import { formatInspection, inspectModuleEntry } from './inspectModules.js';

/** Where the CLI writes and where relative paths start; tests pass their own. */
export interface ICliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const USAGE = `Usage:
  a-socket create <scene> <name> --module <module> [--dir <dir>] [--namespace </path>]
      Writes <dir>/<scene>.<name>.ts from a template; never overwrites.
      <scene>: ${CREATABLE_SCENES.join(' | ')}
  a-socket inspect <module-entry.js> [--namespace </path>] [--json]
      Imports the entry (default export: a module or an array of modules; else its named module exports;
      an optional named export "config" is the app config), creates the app and prints, per namespace,
      the connection and packet chains in run order and the @SocketEvent handlers.
  a-socket help
`;

/** Runs one command; resolves with the exit code (0 done, 1 failed, 2 bad usage). Never throws. */
export async function runCli(argv: readonly string[], io: ICliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create':
        return await create(rest, io);
      case 'inspect':
        return await inspect(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`a-socket: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof CliError || error instanceof ASocketError) {
      io.err(`a-socket ${command}: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.err(`a-socket ${command}: unexpected error\n${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}

/** Wrong arguments: the message and exit code 2. */
class UsageError extends CliError {}

async function create(args: readonly string[], io: ICliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    module: { type: 'string' },
    dir: { type: 'string' },
    namespace: { type: 'string' },
  });
  const [scene, name, ...extra] = positionals;
  if (scene === undefined || name === undefined || extra.length > 0) {
    throw new UsageError(`expected <scene> <name>, got ${JSON.stringify(positionals)}; see a-socket help`);
  }
  if (typeof values.module !== 'string') {
    throw new UsageError(`--module <module> is required: the module the bean belongs to, like "demo-chat"`);
  }
  const created = await createBean({
    scene,
    name,
    module: values.module,
    dir: stringOption(values, 'dir'),
    namespace: stringOption(values, 'namespace'),
    cwd: io.cwd,
  });
  io.out(`created ${created.file}\nadd ${created.className} to the beans of module "${values.module}"\n`);
  return 0;
}

async function inspect(args: readonly string[], io: ICliIo): Promise<number> {
  const { values, positionals } = parse(args, { namespace: { type: 'string' }, json: { type: 'boolean' } });
  const [entry, ...extra] = positionals;
  if (entry === undefined || extra.length > 0) {
    throw new UsageError(`expected one <module-entry>, got ${JSON.stringify(positionals)}; see a-socket help`);
  }
  const inspections = await inspectModuleEntry(entry, {
    cwd: io.cwd,
    namespace: stringOption(values, 'namespace'),
  });
  io.out(values.json ? `${JSON.stringify({ namespaces: inspections }, null, 2)}\n` : formatInspection(inspections));
  return 0;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses options leniently, then names the first option the command does not know. */
function parse(args: readonly string[], options: OptionSpec) {
  const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: false });
  const unknown = Object.keys(parsed.values).find(name => !Object.hasOwn(options, name));
  if (unknown !== undefined) throw new UsageError(`unknown option --${unknown}; see a-socket help`);
  return parsed;
}

/** The value of a string option; one given without a value is a usage error. */
function stringOption(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = values[name];
  if (value === true || value === false) throw new UsageError(`--${name} needs a value; see a-socket help`);
  return value;
}
