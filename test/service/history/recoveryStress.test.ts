import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { RedisHistory, RedisSessionStore, type ISysReadyHistoryPayload } from '../../../src/index.js';
import { captureLogger } from '../../support/captureLogger.js';
import { waitFor } from '../../support/waitFor.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../../bus/history/redisFixture.js';
import { type ITestServer } from '../../support/testServer.js';
import { HistoryTestBed } from './historyFixture.js';

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

let admin: Redis;
const prefixes: string[] = [];
const bed = new HistoryTestBed();

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
});

afterEach(async () => {
  await bed.close();
  for (const prefix of prefixes.splice(0)) await deleteKeys(admin, prefix);
});

afterAll(async () => {
  await admin.quit();
});

describe('recovery under drops, across three processes on one Redis', () => {
  test('every client gets every event once, in order, whatever process it lands on after each drop', async () => {
    const prefix = uniquePrefix('socket-stress');
    prefixes.push(prefix);
    const servers: ITestServer[] = [];
    const logs = [captureLogger(), captureLogger(), captureLogger()];
    for (const [index, name] of ['one', 'two', 'three'].entries()) {
      servers.push(
        await bed.start({
          logger: logs[index],
          history: new RedisHistory({ url: REDIS_URL, prefix, name, logger: captureLogger(), readBlockMs: 500 }),
          sessions: new RedisSessionStore({ url: REDIS_URL, prefix, name, logger: captureLogger() }),
        }),
      );
    }
    const pick = () => servers[Math.floor(Math.random() * servers.length)] as ITestServer;
    const clients = Array.from({ length: 12 }, () => new RecoveringClient(() => pick().wsUrl('/ws/feed')));
    for (const client of clients) client.connect();
    await waitFor(() => servers.reduce((sum, server) => sum + server.app.registry.size, 0) === clients.length);

    const events = 150;
    let drops = 0;
    for (let seq = 1; seq <= events; seq++) {
      await pick().app.socketNamespace('/feed').broadcast('tick', { seq });
      if (seq % 3 === 0) {
        clients[Math.floor(Math.random() * clients.length)]?.drop();
        drops++;
      }
    }
    try {
      await waitFor(() => clients.every(client => client.seqs.length >= events), 20_000);
    } catch (error) {
      const expectedAll = Array.from({ length: events }, (_, index) => index + 1);
      for (const client of clients) {
        const missing = expectedAll.filter(seq => !client.seqs.includes(seq));
        console.log(
          `client: ${client.log.join(' | ')} :: ${client.seqs.length} got, failed ${client.failedRecoveries}, conns ${client.connections}, missing ${missing.join(',')}, last ${client.seqs.slice(-3).join(',')}`,
        );
      }
      for (const server of servers) {
        const text = await server.app.metrics.text();
        console.log(
          `server: ${text
            .split('\n')
            .filter(line => line.startsWith('a_socket_recoveries_total{') || line.startsWith('a_socket_history_closes'))
            .join(' ; ')} registry ${server.app.registry.size}`,
        );
      }
      for (const log of logs)
        console.log(
          `log: ${log.lines
            .filter(line => line.level !== 'debug')
            .map(line => line.text)
            .join(' // ')}`,
        );
      throw error;
    } finally {
      for (const client of clients) client.stop();
    }
    const expected = Array.from({ length: events }, (_, index) => index + 1);
    for (const client of clients) {
      expect(client.failedRecoveries).toBe(0);
      expect(client.seqs).toEqual(expected);
    }
    expect(drops).toBe(events / 3);
    expect(clients.reduce((sum, client) => sum + client.connections, 0)).toBeGreaterThan(clients.length);
  }, 40_000);
});
