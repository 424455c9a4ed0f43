import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { checkDocumentSamples, noCheckReason, samplesOf } from './markdownSamples.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** README.md and every docs/*.md: whoever adds a page or a sample is covered without touching this test. */
const DOCUMENTS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter(name => name.endsWith('.md'))
    .sort()
    .map(name => `docs/${name}`),
];

const read = (document: string) => readFileSync(path.join(ROOT, document), 'utf8');

describe('code samples in the documentation compile', () => {
  test.each(DOCUMENTS)('%s: every ```ts block type-checks (one program per document)', document => {
    expect(checkDocumentSamples(document, read(document)).join('\n')).toBe('');
  });

  test.each(DOCUMENTS)('%s: a ```ts no-check block says why', document => {
    const unexplained = samplesOf(read(document))
      .skipped.filter(block => (noCheckReason(block) ?? '').length === 0)
      .map(
        block => `${document}, ts block ${block.index} (fence at line ${block.line}): write the reason after no-check`,
      );
    expect(unexplained).toEqual([]);
  });

  test.each(DOCUMENTS)('%s: the source files it names exist', document => {
    const text = readFileSync(path.join(ROOT, document), 'utf8');
    const named = [...text.matchAll(/`((?:src|examples|test|bench|docs)\/[\w./-]+\.(?:ts|md|json))`/g)].map(
      match => match[1],
    );
    expect(named.filter(file => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });
});
