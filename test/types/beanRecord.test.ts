import { describe, expect, test } from '@jest/globals';
import { formatDiagnostics, typecheckFiles } from '../support/typecheck.js';

/** A module author's bean, declared in `IBeanRecord` through the package entry, and the look-ups it types. */
const ROOMS_MODULE = `import { BeanBase, createApp, defineModule, Service } from 'a-socket';

@Service()
export class ServiceRooms extends BeanBase {
  names(): string[] {
    // \`app\` is the SocketApp and \`ctx\` the connection's context, without a cast.
    return [this.app.workerId, this.ctx?.user?.name ?? 'nobody'];
  }
}

declare module 'a-socket' {
  interface IBeanRecord {
    'demo-chat.service.rooms': ServiceRooms;
  }
}

export const moduleChat = defineModule({ name: 'demo-chat', beans: [ServiceRooms] });
export const app = createApp({ modules: [moduleChat] });
`;

describe('typed bean look-ups (IBeanRecord)', () => {
  test("a module author's bean declared in IBeanRecord is typed by its full name, the built-in beans too", () => {
    const lookups = `import { app, ServiceRooms } from './rooms.js';

const rooms: ServiceRooms = app.bean('demo-chat.service.rooms');
const names: string[] = app.bean('demo-chat.service.rooms').names();
app.bean('a-socket.service.socketEvent').broadcast('/', 'hello', { at: 1 });
// @ts-expect-error a declared bean is typed as itself, not as anything asked for
const wrong: number = app.bean('demo-chat.service.rooms');
export { rooms, names, wrong };
`;
    expect(formatDiagnostics(typecheckFiles({ 'rooms.ts': ROOMS_MODULE, 'lookups.ts': lookups }))).toBe('');
  });

  test('a name nobody declared is an object until the caller says what it is', () => {
    const lookups = `import { app } from './rooms.js';

app.bean('demo-chat.service.nope').names();
`;
    const diagnostics = typecheckFiles({ 'rooms.ts': ROOMS_MODULE, 'lookups.ts': lookups });
    expect(diagnostics.map(diagnostic => [diagnostic.file, diagnostic.line, diagnostic.code])).toEqual([
      ['lookups.ts', 3, 2339],
    ]);
  });
});
