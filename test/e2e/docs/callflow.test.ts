import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CALLFLOW = readFileSync(path.join(ROOT, 'docs/callflow.md'), 'utf8');

/** `src/x.ts` followed by one or more `Name` / `Class.method` (space- or comma-separated): what a row claims. */
const REFERENCE = /`((?:src|examples)\/[^`]+\.ts)`((?:(?:\s+|,\s*)`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?`)+)/g;

interface IReference {
  file: string;
  symbol: string;
  line: number;
}

function references(): IReference[] {
  return CALLFLOW.split('\n').flatMap((text, index) =>
    [...text.matchAll(REFERENCE)].flatMap(([, file, symbols]) =>
      [...symbols.matchAll(/`([^`]+)`/g)].map(([, symbol]) => ({ file, symbol, line: index + 1 })),
    ),
  );
}

const escape = (name: string) => name.replace(/\$/g, '\\$');

/** Whether `source` defines `symbol`: a class, function or const; or a method of a class, for `Class.method`. */
function defines(source: string, symbol: string): boolean {
  const [owner, member] = symbol.split('.');
  if (member === undefined) {
    return new RegExp(`\\b(?:class|function|const|let|interface|type)\\s+${escape(owner)}\\b`).test(source);
  }
  const modifiers = '(?:(?:public|private|protected|static|async|readonly|override|get|set)\\s+)*';
  return (
    new RegExp(`\\bclass\\s+${escape(owner)}\\b`).test(source) &&
    new RegExp(`^\\s*${modifiers}${escape(member)}\\s*(?:<[^>]*>)?\\(`, 'm').test(source)
  );
}

describe('docs/callflow.md points at code that exists', () => {
  const found = references();

  test('it names files and functions (the tables are parsed)', () => {
    expect(found.length).toBeGreaterThan(50);
  });

  test('every file and function it names exists, the function defined in that file', () => {
    const missing = found
      .filter(({ file, symbol }) => {
        const absolute = path.join(ROOT, file);
        return !existsSync(absolute) || !defines(readFileSync(absolute, 'utf8'), symbol);
      })
      .map(({ file, symbol, line }) => `docs/callflow.md line ${line}: ${symbol} is not defined in ${file}`);
    expect(missing).toEqual([]);
  });
});
