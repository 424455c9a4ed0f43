import { describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { type ISysReadyHistoryPayload } from '../../../src/index.js';
import { captureLogger } from '../../support/captureLogger.js';
import { waitFor } from '../../support/waitFor.js';
import { uniquePrefix } from '../../bus/history/redisFixture.js';
import { type ITestServer } from '../../support/testServer.js';
import { redisStores, useRedisHistoryBed } from './redisHistoryBed.js';

/**
 * A client that speaks the recovery protocol of docs/protocol.md §9 with raw frames: it remembers epoch, last
 * offset and session, reconnects with them to whichever server it is given, buffers offset frames before
 * sysReady and keeps them only when it says `recovered: true`, and drops offsets it already has.
 */
class RecoveringClient {
  readonly seqs: number[] = [];
  failedRecoveries = 0;
  readonly log: string[] = [];
  connections = 0;
  private epoch = '';
  private offset = 0;
  private session = '';
  private ws?: WebSocket;
  private stopped = false;

  constructor(private readonly pickUrl: () => string) {}

  connect(): void {
    const recovering = this.session !== '';
    const query = recovering
      ? `?x-socket-session=${this.session}&x-socket-epoch=${this.epoch}&x-socket-offset=${this.offset}`
      : '';
    const ws = new WebSocket(`${this.pickUrl()}${query}`);
    this.ws = ws;
    this.connections++;
    this.log.push(`connect recovering=${recovering} offset=${this.offset}`);
    ws.on('open', () => this.log.push('open'));
    let ready = false;
    const early: Array<[unknown, string]> = [];
    ws.on('error', () => undefined);
    ws.on('message', raw => {
      const [name, data, offset] = JSON.parse(String(raw).slice(2)) as [string, unknown, string?];
      if (name === '_a') {
        const info = data as ISysReadyHistoryPayload;
        if (recovering && !info.recovered) this.failedRecoveries++;
        this.log.push(`ready ${JSON.stringify({ ...info, session: '' })} early=${early.length}`);
        // The replay first (it ends at the sysReady offset), then the position the sysReady gives.
        if (info.recovered) for (const [earlyData, earlyOffset] of early) this.take(earlyData, earlyOffset);
        this.epoch = info.epoch;
        this.offset = Number(info.offset);
        this.session = info.session;
        ready = true;
        return;
      }
      if (offset === undefined) return;
      if (!ready) early.push([data, offset]);
      else this.take(data, offset);
    });
    ws.on('close', (code: number) => {
      this.log.push(`close ${code} got=${this.seqs.length}`);
      if (!this.stopped) setTimeout(() => this.connect(), Math.floor(Math.random() * 30));
    });
  }

  /** Drops the connection without a close handshake, as a network loss would. */
  drop(): void {
    this.log.push(`drop state=${this.ws?.readyState}`);
    this.ws?.terminate();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }

  private take(data: unknown, offset: string): void {
    if (Number(offset) <= this.offset) return;
    this.offset = Number(offset);
    this.seqs.push((data as { seq: number }).seq);
  }
}

// Real Redis, a prefix per test: the processes of one app share it, nobody else sees it.
const { bed, track } = useRedisHistoryBed();

/** One process of the app: its own history reader and session connection, a log a failing run prints. */
async function startProcess(
  prefix: string,
  name: string,
): Promise<{ server: ITestServer; log: ReturnType<typeof captureLogger> }> {
  const log = captureLogger();
  const server = await bed.start({
    logger: log,
    ...redisStores(prefix, name),
  });
  return { server, log };
}

/**
 * Three processes, twelve clients, 150 events published (awaited) on random processes; every third event a
 * random client is dropped; with `restart`, every process is restarted once along the way (1012, a new one
 * started beside it). Every client must get 1..150 once, in order, and never be told it could not recover.
 */
async function runStress(restart: boolean): Promise<void> {
  const prefix = uniquePrefix('socket-stress');
  track(prefix);
  let generation = 0;
  const processes = [
    await startProcess(prefix, 'p0'),
    await startProcess(prefix, 'p1'),
    await startProcess(prefix, 'p2'),
  ];
  const logs = processes.map(started => started.log);
  const pick = () => (processes[Math.floor(Math.random() * processes.length)] as { server: ITestServer }).server;
  const clients = Array.from({ length: 12 }, () => new RecoveringClient(() => pick().wsUrl('/ws/feed')));
  for (const client of clients) client.connect();
  await waitFor(() => processes.reduce((sum, { server }) => sum + server.app.registry.size, 0) === clients.length);

  const events = 150;
  for (let seq = 1; seq <= events; seq++) {
    await pick().app.socketNamespace('/feed').broadcast('tick', { seq });
    if (seq % 3 === 0) clients[Math.floor(Math.random() * clients.length)]?.drop();
    if (restart && seq % 40 === 0 && generation < 3) {
      // A rolling restart step: the replacement first, then the old one goes with 1012.
      const index = generation++;
      const old = processes[index] as { server: ITestServer };
      const replacement = await startProcess(prefix, `p${index}-new`);
      logs.push(replacement.log);
      processes[index] = replacement;
      await old.server.app.appClose({ restart: { retryAfterMs: 50 } });
    }
  }
  try {
    await waitFor(() => clients.every(client => client.seqs.length >= events), 20_000);
  } catch (error) {
    const expectedAll = Array.from({ length: events }, (_, index) => index + 1);
    for (const client of clients) {
      const missing = expectedAll.filter(seq => !client.seqs.includes(seq));
      console.log(
        `client: ${client.log.join(' | ')} :: ${client.seqs.length} got, failed ${client.failedRecoveries}, missing ${missing.join(',')}`,
      );
    }
    for (const log of logs) {
      console.log(
        `log: ${log.lines
          .filter(line => line.level !== 'debug')
          .map(line => line.text)
          .join(' // ')}`,
      );
    }
    throw error;
  } finally {
    for (const client of clients) client.stop();
  }
  const expected = Array.from({ length: events }, (_, index) => index + 1);
  for (const client of clients) {
    expect(client.failedRecoveries).toBe(0);
    expect(client.seqs).toEqual(expected);
  }
  expect(clients.reduce((sum, client) => sum + client.connections, 0)).toBeGreaterThan(clients.length);
  if (restart) expect(generation).toBe(3);
}

describe('recovery across three processes on one Redis', () => {
  test('every client gets every event once, in order, whatever process it lands on after each drop', async () => {
    await runStress(false);
  }, 40_000);

  test('also through a rolling restart of every process (1012, reconnect elsewhere, recover)', async () => {
    await runStress(true);
  }, 40_000);
});
