import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typecheckFiles } from '../../support/typecheck.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** One fenced code block of a Markdown file. */
export interface ICodeBlock {
  /** 1-based position of the block among the file's TypeScript blocks. */
  index: number;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string: `ts`, `ts no-check <reason>`, ... */
  info: string;
  code: string;
  /** Declarations the sample assumes, from an HTML comment `<!-- sample-context: ... -->` right above the fence. */
  context?: string;
}

const TS_LANGUAGES = new Set(['ts', 'typescript']);
const CONTEXT = /^<!--\s*sample-context:([\s\S]*?)-->$/;

/** The TypeScript blocks of a Markdown text (```ts and ```typescript fences), in order. */
export function typescriptBlocks(markdown: string): ICodeBlock[] {
  return fencedBlocks(markdown, TS_LANGUAGES);
}

/** The fenced blocks of a Markdown text whose language (the info string's first word) is one of `languages`. */
export function fencedBlocks(markdown: string, languages: ReadonlySet<string>): ICodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ICodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const end = lines.findIndex((line, j) => j > i && line.trimStart().startsWith(fence) && line.trim() === fence);
    const close = end === -1 ? lines.length : end;
    const language = info.trim().split(/\s+/)[0];
    if (languages.has(language)) {
      const code = lines
        .slice(i + 1, close)
        .map(line => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n');
      blocks.push({ index: blocks.length + 1, line: i + 1, info: info.trim(), code, context: contextAbove(lines, i) });
    }
    i = close;
  }
  return blocks;
}

/**
 * The file a sample says it is, by a first line `// <path>` (`// src/server.ts`, `// tsconfig.json`), or
 * undefined. Samples that name their file can import each other (`./chat.js`) and be written out as a project.
 */
export function namedFile(block: ICodeBlock): string | undefined {
  return /^\/\/ ([\w.-]+(?:\/[\w.-]+)*\.\w+)$/.exec(block.code.split('\n')[0])?.[1];
}

/** The sample-context comment that ends on the line above the fence (it may span several lines). */
function contextAbove(lines: readonly string[], fenceIndex: number): string | undefined {
  const last = fenceIndex - 1;
  if (last < 0 || !lines[last].trimEnd().endsWith('-->')) return undefined;
  let first = last;
  while (first > 0 && !lines[first].includes('<!--')) first--;
  const match = CONTEXT.exec(
    lines
      .slice(first, last + 1)
      .join('\n')
      .trim(),
  );
  return match ? match[1].trim() : undefined;
}

/** `no-check` fences: the reason after it is required, so a skipped sample says why. */
export function noCheckReason(block: ICodeBlock): string | undefined {
  const match = /(?:^|\s)no-check(?:\s+(.*))?$/.exec(block.info);
  if (!match) return undefined;
  return match[1]?.trim() ?? '';
}

/** Every .ts file under a folder, recursively, as path → source. */
export function sourcesUnder(dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [name, source] of sourcesUnder(file)) sources.set(name, source);
    else if (entry.name.endsWith('.ts')) sources.set(file, readFileSync(file, 'utf8'));
  }
  return sources;
}

/**
 * Samples that are word-for-word copies of example files (as users write them, importing 'a-socket') keep that
 * file's path under examples/, so that one sample importing another (`./notes.js`) resolves as it does there.
 */
const EXAMPLE_FILES = new Map(
  [...sourcesUnder(path.join(ROOT, 'examples'))].map(([file, source]) => [
    asUsersWriteIt(source),
    path.relative(path.join(ROOT, 'examples'), file),
  ]),
);

/** An example file's imports of the entries (`../../src/index.js`...) as a user writes them (`a-socket`...). */
export function asUsersWriteIt(source: string): string {
  return source
    .replace(/'(?:\.\.\/)+src\/index\.js'/g, "'a-socket'")
    .replace(/'(?:\.\.\/)+src\/client\/index\.js'/g, "'a-socket/client'")
    .replace(/'(?:\.\.\/)+src\/executor\/index\.js'/g, "'a-socket/http'")
    .replace(/'(?:\.\.\/)+src\/bus\/redis\/index\.js'/g, "'a-socket/redis'")
    .replace(/'(?:\.\.\/)+src\/metrics\/index\.js'/g, "'a-socket/metrics'");
}

export interface ISample {
  block: ICodeBlock;
  fileName: string;
  /** Lines put before the block (its context): subtracted from diagnostics' lines. */
  offset: number;
  source: string;
}

/** The checked samples of a Markdown text and its no-check blocks. */
export function samplesOf(markdown: string): { samples: ISample[]; skipped: ICodeBlock[] } {
  const blocks = typescriptBlocks(markdown);
  const samples: ISample[] = [];
  const skipped: ICodeBlock[] = [];
  for (const block of blocks) {
    if (noCheckReason(block) !== undefined) {
      skipped.push(block);
      continue;
    }
    const code = block.code.endsWith('\n') ? block.code : `${block.code}\n`;
    const prelude = block.context ? `${block.context}\n` : '';
    samples.push({
      block,
      fileName: EXAMPLE_FILES.get(code) ?? namedFile(block) ?? `sample${block.index}.line${block.line}.ts`,
      offset: prelude.split('\n').length - 1,
      // `export {}` makes every sample a module: its names stay its own, and top-level await works.
      source: `${prelude}${code}export {};\n`,
    });
  }
  return { samples, skipped };
}

/**
 * Type-checks the samples of one document as one program (samples read in order share their `declare module`
 * augmentations) and returns one line per problem, naming the document, the block and the line in the document.
 */
export function checkDocumentSamples(document: string, markdown: string): string[] {
  const { samples } = samplesOf(markdown);
  if (samples.length === 0) return [];
  const diagnostics = typecheckFiles(Object.fromEntries(samples.map(sample => [sample.fileName, sample.source])));
  return diagnostics.map(diagnostic => {
    const sample = samples.find(candidate => candidate.fileName === diagnostic.file);
    if (!sample) return `${document}: ${diagnostic.file}:${diagnostic.line} TS${diagnostic.code} ${diagnostic.message}`;
    const lineInBlock = diagnostic.line - sample.offset;
    const where =
      lineInBlock >= 1 ? `line ${sample.block.line + lineInBlock}` : `its sample-context, line ${diagnostic.line}`;
    return `${document}, ts block ${sample.block.index} (fence at line ${sample.block.line}), ${where}: TS${diagnostic.code} ${diagnostic.message}`;
  });
}
