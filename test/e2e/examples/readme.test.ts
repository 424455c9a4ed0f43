import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { moduleNotes } from '../../../examples/readme/notes.js';
import type { ILogger } from '../../../src/index.js';
import { type ITestServer } from '../../support/testServer.js';
import { useSocketFixture } from '../../support/socketFixture.js';
import { asUsersWriteIt } from '../docs/markdownSamples.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SAMPLES_DIR = `${ROOT}examples/readme/`;

/** The README's code samples are the files in examples/readme/, which tsc checks and these tests run. */
describe('README samples', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');

  test.each(readdirSync(SAMPLES_DIR).filter(file => file.endsWith('.ts')))(
    'examples/readme/%s is in the README word for word, importing from a-socket',
    file => {
      const source = readFileSync(`${SAMPLES_DIR}${file}`, 'utf8');
      expect(source).toContain("'../../src/index.js'");
      expect(readme).toContain('```ts\n' + asUsersWriteIt(source) + '```');
    },
  );

  describe('the module author sample (notes.ts)', () => {
    let server: ITestServer;
    const fixture = useSocketFixture();

    test('its packet onion sees [eventName, data] of every /notes message except RPC calls', async () => {
      const logged: unknown[][] = [];
      const logger: ILogger = {
        debug: () => undefined,
        info: (message, ...details) => logged.push([message, ...details]),
        warn: () => undefined,
        error: () => undefined,
      };
      server = await fixture.start({ modules: [moduleNotes], logger });
      expect(server.app.onion.inspect('socketPacket', '/notes')).toEqual([
        'a-socket:rateLimit',
        'a-socket:event',
        'a-socket:passportRefresh',
        'a-socket:performAction',
        'a-socket:socketEvent',
        'notes:notesLog',
      ]);
      expect(server.app.onion.inspect('socketPacket', '/')).not.toContain('notes:notesLog');

      const client = fixture.client(server.wsUrl('/ws/notes'));
      const id = await client.ready();
      client.sendEvent('_b', { i: 1, m: 'get', p: '/x' }); // answered by a-socket:performAction (no executor: 501)
      client.sendEvent('notes:open', { id: '7' });
      client.send('plain text');
      await client.nextEvent(event => event.name === '_c');
      server.app.socketNamespace('/notes').broadcast('notes:changed', { id: '7', title: 'Seen' });
      await client.nextEvent(event => event.name === 'notes:changed');

      expect(logged).toEqual([
        [`${id} on /notes sent notes:open`, { id: '7' }],
        [`${id} on /notes sent a raw frame`, 'plain text'],
      ]);
    });
  });
});
