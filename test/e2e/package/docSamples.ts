import { fencedBlocks, namedFile } from '../docs/markdownSamples.js';

/** Languages whose samples may name their file: TypeScript, and tsconfig files (JSON with comments). */
const FILE_LANGUAGES = new Set(['ts', 'typescript', 'json', 'jsonc']);

/**
 * The samples of a page that name their file (first line `// src/server.ts`), as path → text: a project to
 * write out and build. A file named twice is an error, not a silent overwrite.
 */
export function namedSampleFiles(markdown: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const block of fencedBlocks(markdown, FILE_LANGUAGES)) {
    const file = namedFile(block);
    if (file === undefined) continue;
    if (file in files) throw new Error(`two samples name ${file} (the second at line ${block.line})`);
    files[file] = block.code.endsWith('\n') ? block.code : `${block.code}\n`;
  }
  return files;
}

/**
 * What a page says a command prints: the ```console block whose first line is `$ <command>`, as its other lines.
 * Throws when the page has no such block, so a renamed command cannot leave the check with nothing to compare.
 */
export function printedBy(markdown: string, command: string): string[] {
  const block = fencedBlocks(markdown, new Set(['console'])).find(candidate =>
    candidate.code.startsWith(`$ ${command}\n`),
  );
  if (!block) throw new Error(`no \`\`\`console block starting with "$ ${command}"`);
  return block.code.split('\n').slice(1);
}
