import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { formatDiagnostics, typecheckFiles, type ITypecheckDiagnostic } from '../support/typecheck.js';

const FIXTURE = readFileSync(new URL('fixtures/typedEvents.ts', import.meta.url), 'utf8');

/** The fixture as a project using the package writes it. */
const AS_USERS_WRITE_IT = FIXTURE.replaceAll("'../../../src/index.js'", "'a-socket'").replaceAll(
  "'../../../src/client/index.js'",
  "'a-socket/client'",
);

const MARKER = /^\s*\/\/ @ts-expect-error.*$/;

/** The fixture with every `@ts-expect-error` line blanked (line numbers kept), and the lines the markers covered. */
function withoutMarkers(source: string): { source: string; expectedErrorLines: number[] } {
  const lines = source.split('\n');
  const expectedErrorLines: number[] = [];
  const blanked = lines.map((line, index) => {
    if (!MARKER.test(line)) return line;
    expectedErrorLines.push(index + 2); // 1-based number of the next line
    return '';
  });
  return { source: blanked.join('\n'), expectedErrorLines };
}

const messagesAt = (diagnostics: ITypecheckDiagnostic[], line: number) =>
  diagnostics.filter(diagnostic => diagnostic.line === line).map(diagnostic => diagnostic.message);

describe('typed records: namespace beans, @SocketEvent handlers, the client', () => {
  test('the fixture compiles as users write it (importing a-socket), every @ts-expect-error used', () => {
    expect(AS_USERS_WRITE_IT).toContain("declare module 'a-socket' {");
    expect(formatDiagnostics(typecheckFiles({ 'typedEvents.ts': AS_USERS_WRITE_IT }))).toBe('');
  });

  test('without the markers, exactly the marked lines fail', () => {
    const { source, expectedErrorLines } = withoutMarkers(AS_USERS_WRITE_IT);
    expect(expectedErrorLines.length).toBeGreaterThanOrEqual(12);
    const diagnostics = typecheckFiles({ 'typedEvents.ts': source });
    const failingLines = [...new Set(diagnostics.map(diagnostic => diagnostic.line))].sort((a, b) => a - b);
    expect(failingLines).toEqual(expectedErrorLines);
  });

  test('a wrong client event name and a wrong payload fail with messages that name them', () => {
    const wrong = `import { WebSocket } from 'ws';
import { WebSocketClient } from 'a-socket/client';
import type { TypedWebSocketClient } from 'a-socket/client';
import './typedEvents.js';

const client: TypedWebSocketClient = new WebSocketClient({ WebSocket });
client.sendEvent('fixture:sya', { text: 'hi' });
client.sendEvent('fixture:say', { text: 42 });
`;
    const diagnostics = typecheckFiles({ 'typedEvents.ts': AS_USERS_WRITE_IT, 'wrong.ts': wrong }).filter(
      diagnostic => diagnostic.file === 'wrong.ts',
    );
    expect(diagnostics.map(diagnostic => [diagnostic.line, diagnostic.code])).toEqual([
      [7, 2345],
      [8, 2322],
    ]);
    expect(messagesAt(diagnostics, 7)).toEqual([
      `Argument of type '"fixture:sya"' is not assignable to parameter of type 'keyof ISocketClientEventRecord'.`,
    ]);
    expect(messagesAt(diagnostics, 8)).toEqual([`Type 'number' is not assignable to type 'string'.`]);
  });

  test("a misspelled event name in the typed client's on() does not compile, with a message that names it", () => {
    const wrong = `import { WebSocket } from 'ws';
import { WebSocketClient } from 'a-socket/client';
import type { TypedWebSocketClient } from 'a-socket/client';
import './typedEvents.js';

const client: TypedWebSocketClient = new WebSocketClient({ WebSocket });
client.on('fixture:siad', said => said);
client.on('fixture:said', said => said.mood);
`;
    const diagnostics = typecheckFiles({ 'typedEvents.ts': AS_USERS_WRITE_IT, 'wrong.ts': wrong }).filter(
      diagnostic => diagnostic.file === 'wrong.ts',
    );
    expect(diagnostics.map(diagnostic => [diagnostic.line, diagnostic.code])).toEqual([[7, 2345]]);
    expect(messagesAt(diagnostics, 7)[0]).toMatch(
      /^Argument of type '"fixture:siad"' is not assignable to parameter of type /,
    );
  });

  test("a handler whose data type is not its schema's output fails at its decorator", () => {
    const wrong = `import { z } from 'zod';
import { BeanSocketNamespaceBase, SocketEvent, SocketNamespace } from 'a-socket';

@SocketNamespace({ namespace: '/wrong' })
export class SocketNamespaceWrong extends BeanSocketNamespaceBase {
  @SocketEvent('wrong:count', { schema: z.number() })
  count(value: string) {
    return value;
  }
}
`;
    const diagnostics = typecheckFiles({ 'wrong.ts': wrong });
    expect(diagnostics.map(diagnostic => [diagnostic.line, diagnostic.code])).toEqual([[6, 1241]]);
    expect(diagnostics[0].message).toContain("Type 'number' is not assignable to type 'string'.");
  });
});
