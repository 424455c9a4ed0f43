import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One compiler message, located in the checked file it belongs to. */
export interface ITypecheckDiagnostic {
  /** The name the file was given, relative to the check's folder. */
  file: string;
  /** 1-based. */
  line: number;
  code: number;
  message: string;
}

/**
 * The repository's compiler options for code written as users write it: `a-socket` and its subpaths
 * map to the sources, packages resolve from the repository's node_modules, only Node's global types.
 */
function compilerOptions(): ts.CompilerOptions {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  return {
    ...options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    rootDir: undefined,
    outDir: undefined,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules/@types')],
    paths: {
      'a-socket': [path.join(ROOT, 'src/index.ts')],
      'a-socket/client': [path.join(ROOT, 'src/client/index.ts')],
      'a-socket/http': [path.join(ROOT, 'src/executor/index.ts')],
      'a-socket/redis': [path.join(ROOT, 'src/bus/redis/index.ts')],
      'a-socket/metrics': [path.join(ROOT, 'src/metrics/index.ts')],
    },
  };
}

// Parsed files outside the checked folder (lib, @types, src) are the same for every check: parse them once.
const sourceFileCache = new Map<string, ts.SourceFile>();

/**
 * Type-checks `files` (name → source) as one program in a fresh folder outside the repository — an ES module
 * package whose node_modules is the repository's — and returns the diagnostics of those files only.
 */
export function typecheckFiles(files: Readonly<Record<string, string>>): ITypecheckDiagnostic[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'a-socket-typecheck-'));
  try {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const rootNames = Object.entries(files).map(([name, source]) => {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, source);
      return file;
    });
    const options = compilerOptions();
    const host = ts.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName.startsWith(dir)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
      let sourceFile = sourceFileCache.get(fileName);
      if (!sourceFile) {
        sourceFile = getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (sourceFile) sourceFileCache.set(fileName, sourceFile);
      }
      return sourceFile;
    };
    const program = ts.createProgram({ rootNames, options, host });
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...rootNames.flatMap(file => {
        const sourceFile = program.getSourceFile(file);
        return sourceFile
          ? [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
          : [];
      }),
    ];
    return diagnostics.map(diagnostic => {
      const position =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : undefined;
      return {
        file: diagnostic.file ? path.relative(dir, diagnostic.file.fileName) : '(options)',
        line: position ? position.line + 1 : 0,
        code: diagnostic.code,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `file:line TS1234 message`, one per line: what a failing test prints. */
export function formatDiagnostics(diagnostics: readonly ITypecheckDiagnostic[]): string {
  return diagnostics.map(d => `${d.file}:${d.line} TS${d.code} ${d.message}`).join('\n');
}
