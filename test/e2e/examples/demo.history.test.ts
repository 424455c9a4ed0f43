import { afterEach, describe, expect, test } from '@jest/globals';
import { PassportTokens } from '../../../examples/demo/passportToken.js';
import { type ISysReadyHistoryPayload } from '../../../src/index.js';
import { waitFor } from '../../support/waitFor.js';
import { startDemoHarness, TEST_SECRET, type IDemoHarness } from './demoHarness.js';

/** The demo's history namespaces: `/feed` (a publisher's stream) and `/chat`. */
describe('demo history', () => {
  let harness: IDemoHarness;
  const tokens = new PassportTokens(TEST_SECRET);

  afterEach(async () => {
    await harness.close();
  });

  test('POST /api/socket/broadcast to /feed answers the offset, and the client gets the event with it', async () => {
    harness = await startDemoHarness();
    const client = harness.connect('/feed');
    const ready = (await client.nextEvent(event => event.name === '_a')).data as ISysReadyHistoryPayload;
    expect(ready).toMatchObject({ recovered: false, offset: '0' });
    for (let seq = 1; seq <= 3; seq++) {
      const answer = await harness.http('POST', '/api/socket/broadcast', {
        namespace: '/feed',
        eventName: 'tick',
        data: { seq },
      });
      expect(await answer.json()).toEqual({ ok: true, offset: String(seq) });
    }
    await client.nextEvent(event => event.offset === '3');
    expect(client.frames.slice(1)).toEqual([
      '_:["tick",{"seq":1},"1"]',
      '_:["tick",{"seq":2},"2"]',
      '_:["tick",{"seq":3},"3"]',
    ]);
    // A namespace without history answers as before.
    const plain = await harness.http('POST', '/api/socket/broadcast', { namespace: '/', eventName: 'x', data: 1 });
    expect(await plain.json()).toEqual({ ok: true });
  });

  test('a chat page that was away is replayed the messages it missed before its sysReady, as the same connection', async () => {
    harness = await startDemoHarness();
    const code = tokens.sign('alice');
    const first = harness.connect('/chat', { 'x-vona-passport-code': code });
    const ready = (await first.nextEvent(event => event.name === '_a')).data as ISysReadyHistoryPayload;
    await first.close();
    await waitFor(() => harness.demo.app.registry.total === 0);

    const bearer = { authorization: `Bearer ${tokens.sign('bob')}` };
    const sent = await harness.http('POST', '/api/chat/message', { text: 'while you were away' }, bearer);
    const { offset } = (await sent.json()) as { offset: string };

    const again = harness.connect('/chat', {
      'x-vona-passport-code': code,
      'x-socket-session': ready.session,
      'x-socket-epoch': ready.epoch,
      'x-socket-offset': ready.offset,
    });
    await again.nextEvent(event => event.name === '_a');
    // (chat:presence, per process and without history, may follow the sysReady)
    expect(again.events.map(event => event.name).slice(0, 2)).toEqual(['chat:message', '_a']);
    expect(again.events[0]).toMatchObject({ data: { from: 'bob', text: 'while you were away' }, offset });
    expect(again.events[1].data).toMatchObject({ id: ready.id, recovered: true, offset });
    const metrics = await (await harness.http('GET', '/metrics')).text();
    expect(metrics).toContain('a_socket_recoveries_total{result="succeeded",reason="none"} 1');
    expect(metrics).toContain('a_socket_events_replayed_total 1');
  });
});
