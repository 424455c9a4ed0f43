import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One import of a source file: what it names and whether only types come through it. */
export interface IImportEdge {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

/** The imports (and re-exports, and `import('x')` types) of one TypeScript file. */
export function importsOf(file: string): IImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: IImportEdge[] = [];
  const from = path.relative(ROOT, file);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every(element => element.isTypeOnly)));
      edges.push({ from, specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly =
        node.isTypeOnly ||
        (!!node.exportClause &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.every(element => element.isTypeOnly));
      edges.push({ from, specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      edges.push({ from, specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/**
 * Every import reachable from `entry` (a path under the repository), following relative imports between source
 * files; `valuesOnly` follows only imports that survive compilation (what Node loads at run time).
 */
export function reachableImports(entry: string, valuesOnly: boolean): IImportEdge[] {
  const seen = new Set<string>();
  const edges: IImportEdge[] = [];
  const queue = [path.join(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of importsOf(file)) {
      if (valuesOnly && edge.typeOnly) continue;
      edges.push(edge);
      if (edge.specifier.startsWith('.')) {
        queue.push(path.resolve(path.dirname(file), edge.specifier.replace(/\.js$/, '.ts')));
      }
    }
  }
  return edges;
}
