import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../createApp.js';
import { type SocketApp } from '../socketApp.js';
import { createConsoleLogger } from '../core/logger.js';
import { type IModule } from '../core/module.js';
import { type IAppConfig } from '../types/config.js';
import { type DeepPartial } from '../core/util.js';
import { CliError } from './cliError.js';

/** What `a-socket inspect` reports for one namespace. */
export interface INamespaceInspection {
  namespace: string;
  /** The class of the namespace bean and its module. */
  declaredBy: string;
  module: string;
  /** Connection onions in run order (`enter`; `exit` runs the same chain). */
  connection: string[];
  /** Packet onions in run order. */
  packet: string[];
  /** `@SocketEvent` handlers: event name, `Class.method`, the schema's vendor when validated. */
  events: Array<{ event: string; handler: string; schema?: string }>;
}

export interface IModuleEntry {
  modules: IModule[];
  config?: DeepPartial<IAppConfig>;
}

/**
 * Imports a module entry: an ES module whose default export is a module or an array of modules, in
 * registration order; without a default export, every named export that is a module (in the alphabetical
 * order of export names). A named export `config` is passed to the app as its config (e.g. onion overrides).
 */
export async function loadModuleEntry(entry: string, cwd: string): Promise<IModuleEntry> {
  const file = path.resolve(cwd, entry);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot import ${file}: ${reason} (pass a compiled .js ES module that exports your modules)`, {
      cause: error,
    });
  }
  const fromDefault = exports.default;
  const modules =
    fromDefault !== undefined
      ? (Array.isArray(fromDefault) ? fromDefault : [fromDefault]).filter(isModule)
      : Object.keys(exports)
          .map(name => exports[name])
          .filter(isModule);
  if (modules.length === 0) {
    throw new CliError(
      `${file} exports no module: export default defineModule({...}) (or an array of modules), or export const myModule = defineModule({...})`,
    );
  }
  return { modules, config: exports.config as DeepPartial<IAppConfig> | undefined };
}

/** Creates an app (no server: nothing listens) and reads the resolved chains of each namespace, or of one. */
export function inspectApp(app: SocketApp, namespace?: string): INamespaceInspection[] {
  const namespaces = namespace === undefined ? [...app.namespaces.keys()] : [namespace];
  return namespaces.map(name => {
    const bean = app.namespaces.get(name);
    if (!bean) {
      const declared = [...app.namespaces.keys()].join(', ');
      throw new CliError(`namespace "${name}" is not declared by these modules (declared: ${declared})`);
    }
    return {
      namespace: name,
      declaredBy: bean.beanClass.name,
      module: bean.moduleName,
      connection: app.onion.inspect('socketConnection', name),
      packet: app.onion.inspect('socketPacket', name),
      events: app.eventHandlers.list(name).map(route => ({
        event: route.eventName,
        handler: route.label,
        ...(route.schema ? { schema: route.schema['~standard'].vendor } : {}),
      })),
    };
  });
}

/** `a-socket inspect`: loads the entry, builds the app exactly as createApp does, returns the chains. */
export async function inspectModuleEntry(
  entry: string,
  options: { cwd: string; namespace?: string },
): Promise<INamespaceInspection[]> {
  const { modules, config } = await loadModuleEntry(entry, options.cwd);
  // createApp checks what a running app checks: onion cycles, unknown names, misplaced handlers.
  const app = createApp({ modules, config, logger: createConsoleLogger('silent') });
  return inspectApp(app, options.namespace);
}

/** The human-readable report: one block per namespace, each chain numbered in run order. */
export function formatInspection(inspections: readonly INamespaceInspection[]): string {
  const blocks = inspections.map(inspection => {
    const lines = [`namespace ${inspection.namespace}  (${inspection.declaredBy}, module ${inspection.module})`];
    const chain = (title: string, names: readonly string[]) => {
      lines.push(`  ${title}:`);
      if (names.length === 0) lines.push('    (none)');
      names.forEach((name, index) => lines.push(`    ${index + 1}. ${name}`));
    };
    chain('connection chain', inspection.connection);
    chain('packet chain', inspection.packet);
    if (inspection.events.length > 0) {
      lines.push('  event handlers (a-socket:socketEvent):');
      for (const { event, handler, schema } of inspection.events) {
        lines.push(`    ${event} -> ${handler}${schema ? `  (schema: ${schema})` : '  (no schema)'}`);
      }
    }
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

function isModule(value: unknown): value is IModule {
  const candidate = value as Partial<IModule> | null | undefined;
  return typeof candidate?.name === 'string' && Array.isArray(candidate.beans);
}
