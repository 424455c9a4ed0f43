import { afterEach, expect, test } from '@jest/globals';
import { MemoryHistory, type HistoryRange } from '../../../src/index.js';
import { waitFor } from '../../support/waitFor.js';
import { HistoryTestBed, recoveryUrl } from './historyFixture.js';

const bed = new HistoryTestBed();
afterEach(() => bed.close());

/** A memory history whose `range` (the recovery's read of the gap) waits until the test lets it go on. */
class GatedHistory extends MemoryHistory {
  ranging = false;
  release: () => void = () => undefined;
  private gate = new Promise<void>(resolve => (this.release = resolve));

  override async range(namespace: string, epoch: string, afterOffset: string): Promise<HistoryRange> {
    this.ranging = true;
    await this.gate;
    return super.range(namespace, epoch, afterOffset);
  }
}

// Found by the chaos run: a reconnect cut while it entered (after its recovery took the single-use session,
// before sysReady) left the client's next attempt with a token worth nothing, and the client was told it had
// missed events although the history held every one of them.
test('a recovering connection cut before its sysReady puts the session back: the next attempt recovers', async () => {
  const history = new GatedHistory();
  const server = await bed.start({ history });
  const url = server.wsUrl('/ws/feed');
  const first = await bed.connect(url);
  const feed = server.app.socketNamespace('/feed');
  await feed.broadcast('tick', { seq: 1 });
  await first.client.nextEvent(e => e.offset === '1');
  await first.client.close();
  await waitFor(() => server.app.registry.total === 0);
  await feed.broadcast('tick', { seq: 2 });

  const asking = recoveryUrl(url, first.ready.session, first.ready.epoch, '1');
  const cut = bed.client(asking);
  await waitFor(() => history.ranging);
  await cut.close();
  history.release();
  await waitFor(() => server.app.registry.total === 0);

  const again = bed.client(asking);
  const ready = await again.nextEvent(e => e.name === '_a');
  expect(ready.data).toMatchObject({ id: first.ready.id, recovered: true, offset: '2' });
  expect(again.events[0]).toEqual({ name: 'tick', data: { seq: 2 }, offset: '2' });
});
