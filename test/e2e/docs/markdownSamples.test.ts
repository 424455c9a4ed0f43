import { describe, expect, test } from '@jest/globals';
import { checkDocumentSamples, noCheckReason, typescriptBlocks } from './markdownSamples.js';

const FENCE = '```';

describe('the documentation sample checker', () => {
  test('finds ts and typescript fences with their line, info string and sample-context', () => {
    const markdown = [
      '# Title',
      `${FENCE}sh`,
      'npm test',
      FENCE,
      '<!-- sample-context:',
      '  declare const a: number;',
      '-->',
      `${FENCE}ts`,
      'const b = a;',
      FENCE,
      `${FENCE}typescript no-check the API shape only`,
      'x.y();',
      FENCE,
    ].join('\n');
    const blocks = typescriptBlocks(markdown);
    expect(blocks).toEqual([
      { index: 1, line: 8, info: 'ts', code: 'const b = a;', context: 'declare const a: number;' },
      { index: 2, line: 11, info: 'typescript no-check the API shape only', code: 'x.y();', context: undefined },
    ]);
    expect(blocks.map(noCheckReason)).toEqual([undefined, 'the API shape only']);
  });

  test('a sample that does not compile is reported with its document, block and line in the document', () => {
    const markdown = [
      '# Page',
      '',
      `${FENCE}ts`,
      "import { createApp } from 'a-socket';",
      'const app = createApp();',
      "const port: number = 'not a number';",
      FENCE,
    ].join('\n');
    expect(checkDocumentSamples('docs/page.md', markdown)).toEqual([
      "docs/page.md, ts block 1 (fence at line 3), line 6: TS2322 Type 'string' is not assignable to type 'number'.",
    ]);
  });
});
