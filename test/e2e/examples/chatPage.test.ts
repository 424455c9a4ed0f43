import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
import { findChatScriptEntry } from '../../../examples/demo/clientBundle.js';
import { describeConnection } from '../../../examples/demo/public/connectionStatus.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRY = join(ROOT, 'examples', 'demo', 'public', 'chat.ts');

test('the chat script entry is found from the sources and from the compiled demo in dist/', () => {
  expect(findChatScriptEntry(join(ROOT, 'examples', 'demo'))).toBe(ENTRY);
  expect(findChatScriptEntry(join(ROOT, 'dist', 'examples', 'demo'))).toBe(ENTRY);
});

test('a folder outside the repository gets an error that names the missing entry and what to do', () => {
  expect(() => findChatScriptEntry('/')).toThrow(
    /examples\/demo\/public\/chat\.ts is not in \/ .*clone of the repository/,
  );
});

test('the status line: connecting, ready under the name, a reconnect countdown with its cause, and a close', () => {
  const now = 1_000_000;
  expect(describeConnection({ clientState: undefined, now }).state).toBe('idle');
  expect(describeConnection({ clientState: 'open', now })).toEqual({ state: 'connecting', text: 'connecting…' });
  expect(describeConnection({ clientState: 'ready', name: 'alice', now })).toEqual({
    state: 'ready',
    text: 'connected as alice',
  });
  const lost = { code: 1006, reason: '', wasClean: false };
  expect(describeConnection({ clientState: 'reconnecting', reconnectAt: now + 2100, lastClose: lost, now })).toEqual({
    state: 'reconnecting',
    text: 'reconnecting in 3 s: the connection was lost (1006)',
  });
  expect(describeConnection({ clientState: 'reconnecting', reconnectAt: now + 400, now }).text).toBe(
    'reconnecting in 0.4 s',
  );
  const refused = { code: 1008, reason: 'invalid passport code', wasClean: true };
  expect(describeConnection({ clientState: 'closed', lastClose: refused, now })).toEqual({
    state: 'closed',
    text: 'closed: the server refused this identity (1008)',
  });
  expect(
    describeConnection({ clientState: 'closed', lastClose: { code: 4001, reason: 'kicked', wasClean: true }, now })
      .text,
  ).toBe('closed: kicked (4001)');
});
