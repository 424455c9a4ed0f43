import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { ROOT } from '../support/importGraph.js';

interface IPackResult {
  files: { path: string }[];
}

/** The files `npm pack` puts in the tarball (without building: only what is on disk now). */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
  });
  return (JSON.parse(stdout) as IPackResult[])[0].files.map(file => file.path);
}

describe('the packed tarball', () => {
  test('ships LICENSE (MIT), README, every docs page, package.json and the built sources, nothing else', async () => {
    const files = await packedFiles();
    const docs = readdirSync(path.join(ROOT, 'docs')).filter(name => name.endsWith('.md'));
    expect(files.filter(file => !file.startsWith('dist/src/')).sort()).toEqual(
      ['LICENSE', 'README.md', 'package.json', ...docs.map(name => `docs/${name}`)].sort(),
    );
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} a-socket contributors\n/,
    );
  });

  test('every relative link of the README and the docs points at a file inside the tarball', async () => {
    const files = new Set(await packedFiles());
    const pages = ['README.md', ...[...files].filter(file => file.startsWith('docs/'))];
    const dead = pages.flatMap(page => {
      const markdown = readFileSync(path.join(ROOT, page), 'utf8');
      return [...markdown.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
        .map(match => match[1])
        .filter(target => !/^[a-z]+:/.test(target))
        .map(target => path.posix.normalize(path.posix.join(path.posix.dirname(page), target)))
        .filter(target => !files.has(target))
        .map(target => `${page} -> ${target}`);
    });
    expect(dead).toEqual([]);
  });
});
