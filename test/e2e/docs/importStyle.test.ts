import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';
import * as main from '../../../src/index.js';
import * as client from '../../../src/client/index.js';
import * as http from '../../../src/executor/index.js';
import * as metrics from '../../../src/metrics/index.js';
import * as redis from '../../../src/bus/redis/index.js';
import { ROOT } from '../../support/importGraph.js';
import { typescriptBlocks } from './markdownSamples.js';

const ENTRIES: Record<string, object> = {
  'a-socket': main,
  'a-socket/client': client,
  'a-socket/http': http,
  'a-socket/metrics': metrics,
  'a-socket/redis': redis,
};

/** Every name, value or type, that a-socket/client exports. */
const CLIENT_NAMES = new Set(
  ts
    .createSourceFile('index.ts', readFileSync(path.join(ROOT, 'src/client/index.ts'), 'utf8'), ts.ScriptTarget.ES2022)
    .statements.flatMap(statement =>
      ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)
        ? statement.exportClause.elements.map(element => element.name.text)
        : [],
    ),
);

const DOCUMENTS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map(name => `docs/${name}`)].filter(name =>
  name.endsWith('.md'),
);

interface INamedImport {
  entry: string;
  name: string;
  markedType: boolean;
}

/** The names each `import … from 'a-socket…'` of a sample brings in, and whether `type` marks them. */
function namedImports(code: string): INamedImport[] {
  const source = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.ES2022, true);
  const found: INamedImport[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const entry = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (!(entry in ENTRIES) || !clause?.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
    for (const element of clause.namedBindings.elements) {
      const name = (element.propertyName ?? element.name).text;
      found.push({ entry, name, markedType: clause.isTypeOnly || element.isTypeOnly });
    }
  }
  return found;
}

describe.each(DOCUMENTS)('imports in %s', document => {
  const blocks = typescriptBlocks(readFileSync(path.join(ROOT, document), 'utf8'));

  test('types from a-socket are imported with `type` (`import type` or `import { type X }`)', () => {
    const problems = blocks.flatMap(block =>
      namedImports(`${block.context ?? ''}\n${block.code}`).flatMap(({ entry, name, markedType }) => {
        const isValue = Object.hasOwn(ENTRIES[entry], name);
        if (!isValue && !markedType)
          return [`block at line ${block.line}: ${name} from ${entry} is a type: import it with \`type\``];
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  test('a sample that uses the client takes every client type from a-socket/client, nothing from the server entry', () => {
    const problems = blocks.flatMap(block => {
      const imports = namedImports(`${block.context ?? ''}\n${block.code}`);
      if (!imports.some(named => named.entry === 'a-socket/client')) return [];
      return imports
        .filter(named => named.entry === 'a-socket' && CLIENT_NAMES.has(named.name))
        .map(named => `block at line ${block.line}: ${named.name} comes from a-socket/client in a client`);
    });
    expect(problems).toEqual([]);
  });
});
