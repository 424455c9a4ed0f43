/**
 * The chaos run (issue 15): several demo processes on one Redis behind a TCP balancer, SDK clients on `/feed`,
 * a publisher that POSTs `tick { seq }` to random processes awaiting each answer (so seq order is stream
 * order), while clients' sockets are cut at random, every connection to one process is dropped, and every
 * process is restarted in turn (SIGTERM → 1012 → a new process on the same port). At the end every client
 * must have received seq 1..N exactly once, in order. `npm run chaos` runs it long; the test runs it short.
 */
import { Redis } from 'ioredis';
import { checkDeliveries, makeChaosClient, type ChaosClient } from './chaosClients.js';
import { killLaunchedDemos, launchDemo, type LaunchedDemo } from './demoLauncher.js';
import { startTcpBalancer, type TcpBalancer } from './tcpBalancer.js';

export interface ChaosRunOptions {
  /** The compiled demo entry (`dist/examples/demo/main.js`). */
  demoMain: string;
  redisUrl: string;
  /** REDIS_PREFIX of the demo processes: one per run, so runs sharing a Redis never meet. Deleted at the end. */
  prefix: string;
  processes: number;
  clients: number;
  events: number;
  /** Pause between two publications, so the chaos happens while events flow. */
  eventIntervalMs: number;
  /** Client sockets cut (terminated) at random moments while publishing. */
  drops: number;
  /** Times every connection to one random process is cut at the balancer. */
  backendDrops: number;
  /** Rolling restarts of every process. */
  restartRounds: number;
  /** After the last publication, how long clients get to catch up. */
  settleTimeoutMs: number;
  log?: (line: string) => void;
  /** Write each demo process's output to `<logDir>/demo-<index>-<start>.log`, e.g. with `A_SOCKET_LOG_LEVEL`. */
  logDir?: string;
  /** Extra environment of the demo processes (e.g. `A_SOCKET_LOG_LEVEL: 'debug'`). */
  env?: NodeJS.ProcessEnv;
}

export interface ChaosReport {
  ok: boolean;
  failures: string[];
  processes: number;
  clients: number;
  events: number;
  drops: number;
  backendDrops: number;
  restarts: number;
  /** Readies after a client's first one: recovered, or not (events missed: the app would refetch). */
  recovered: number;
  notRecovered: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Clients that received 1..N exactly once in order. */
  clientsComplete: number;
  closesByCode: Record<string, number>;
  /**
   * The processes' own counts (their /metrics, read before each stops): recoveries by `result:reason`, events
   * replayed, history closes (1013) by reason.
   */
  serverCounts: Record<string, number>;
  durationMs: number;
}

/** The counters of one process's /metrics that tell how recoveries went; added into `into`. */
async function scrapeServerCounts(port: number, into: Record<string, number>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  const add = (key: string, value: string) => (into[key] = (into[key] ?? 0) + Number(value));
  for (const match of text.matchAll(/^a_socket_recoveries_total\{result="(\w+)",reason="([\w-]*)"\} (\d+)$/gm)) {
    add(`recovery ${match[1]}${match[2] ? `:${match[2]}` : ''}`, match[3]);
  }
  for (const match of text.matchAll(/^a_socket_events_replayed_total(?:\{[^}]*\})? (\d+)$/gm))
    add('replayed', match[1]);
  for (const match of text.matchAll(/^a_socket_history_closes_total\{reason="([\w -]*)"\} (\d+)$/gm)) {
    add(`history close:${match[1]}`, match[2]);
  }
}

const PUBLISH_PATH = '/api/socket/broadcast';

interface Backend {
  index: number;
  demo: LaunchedDemo;
  /** Publications sent to it and not yet answered. */
  inFlight: number;
  /** Being restarted: no publication, no new connection. */
  draining: boolean;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Whether decimal offset `a` comes after `b` (both without leading zeros). */
function offsetAfter(a: string, b: string): boolean {
  return a.length > b.length || (a.length === b.length && a > b);
}

function isConnectionRefused(error: unknown): boolean {
  return (error as { cause?: { code?: unknown } } | null)?.cause?.code === 'ECONNREFUSED';
}

async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function runChaos(options: ChaosRunOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const failures: string[] = [];
  const env = {
    ...options.env,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.prefix,
    PASSPORT_SECRET: `chaos-${options.prefix}`,
  };
  let launches = 0;
  const launch = (index: number, port: number) =>
    launchDemo(
      options.demoMain,
      port,
      env,
      undefined,
      options.logDir === undefined ? undefined : `${options.logDir}/demo-${index}-${++launches}.log`,
    );
  const backends: Backend[] = [];
  const clients: ChaosClient[] = [];
  let balancer: TcpBalancer | undefined;
  let drops = 0;
  let backendDrops = 0;
  let restarts = 0;
  /** The stream offset each seq was given (the publisher's answer), for failure reports. */
  const offsetOfSeq: string[] = [];
  const serverCounts: Record<string, number> = {};
  const scrape = (backend: Backend) =>
    scrapeServerCounts(backend.demo.port, serverCounts).catch(error =>
      failures.push(`metrics of ${backend.demo.port}: ${String(error)}`),
    );

  const routable = () => backends.filter(backend => !backend.draining);
  const updateBalancer = () => balancer?.setBackends(routable().map(backend => backend.demo.port));
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(Math.random() * list.length)];

  try {
    const demos = await Promise.all(Array.from({ length: options.processes }, (_, index) => launch(index, 0)));
    demos.forEach((demo, index) => backends.push({ index, demo, inFlight: 0, draining: false }));
    balancer = await startTcpBalancer({ backends: demos.map(demo => demo.port) });
    log(`processes on ${demos.map(demo => demo.port).join(', ')}; balancer on ${balancer.port}`);

    const url = `ws://127.0.0.1:${balancer.port}/ws/feed`;
    for (let index = 0; index < options.clients; index++) {
      clients.push(makeChaosClient(index, { url, reconnect: { initialDelay: 200, maxDelay: 2000 } }));
    }
    // Not `ready` itself: it rejects when a first attempt fails, and the clients keep trying.
    const readyBy = Date.now() + 20_000;
    while (!clients.every(chaosClient => chaosClient.client.isReady)) {
      if (Date.now() > readyBy)
        throw new Error(`clients not ready within 20 s: ${clients.filter(c => !c.client.isReady).length}`);
      await sleep(20);
    }
    log(`${clients.length} clients ready on /feed`);

    let lastOffset = '0';
    const publish = async (seq: number): Promise<void> => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const backend = pick(routable());
        if (!backend) {
          await sleep(50);
          continue;
        }
        backend.inFlight++;
        try {
          const response = await fetch(`http://127.0.0.1:${backend.demo.port}${PUBLISH_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ namespace: '/feed', eventName: 'tick', data: { seq } }),
          });
          const body = (await response.json()) as { ok?: unknown; offset?: unknown };
          if (response.status !== 200 || body.ok !== true || typeof body.offset !== 'string') {
            failures.push(`publish ${seq} on ${backend.demo.port}: ${response.status} ${JSON.stringify(body)}`);
            return;
          }
          if (!offsetAfter(body.offset, lastOffset)) {
            failures.push(`publish ${seq}: offset ${body.offset} does not come after ${lastOffset}`);
          }
          lastOffset = body.offset;
          offsetOfSeq[seq] = body.offset;
          return;
        } catch (error) {
          // Refused before anything was sent: safe to send elsewhere. Anything else may have been appended.
          if (!isConnectionRefused(error)) {
            failures.push(`publish ${seq} on ${backend.demo.port}: ${String(error)}`);
            return;
          }
        } finally {
          backend.inFlight--;
        }
      }
      failures.push(`publish ${seq}: no process accepted it`);
    };

    const publishing = (async () => {
      for (let seq = 1; seq <= options.events; seq++) {
        await publish(seq);
        if (seq % 100 === 0) log(`published ${seq}/${options.events}`);
        await sleep(options.eventIntervalMs);
      }
    })();

    const publishMs = options.events * (options.eventIntervalMs + 2);
    const randomDrops = (async () => {
      const times = Array.from({ length: options.drops }, () => Math.random() * publishMs).sort((a, b) => a - b);
      let now = 0;
      for (const time of times) {
        await sleep(time - now);
        now = time;
        if (pick(clients)?.cut()) drops++;
      }
    })();

    const restart = async (backend: Backend): Promise<void> => {
      backend.draining = true;
      updateBalancer();
      while (backend.inFlight > 0) await sleep(5);
      // Counted before it stops: clients still reconnecting to it later are counted by its successor.
      await scrape(backend);
      const ended = await backend.demo.stop('SIGTERM');
      if (ended.code !== 0) failures.push(`process on ${backend.demo.port} ended with ${ended.code ?? ended.signal}`);
      backend.demo = await launch(backend.index, backend.demo.port);
      backend.draining = false;
      updateBalancer();
      restarts++;
      log(`restarted process ${backend.index} on ${backend.demo.port}`);
    };

    const rollingRestart = async () => {
      for (const backend of backends) {
        await restart(backend);
        await sleep(300);
      }
    };
    const backendDrop = () => {
      const backend = pick(routable());
      if (!backend || !balancer) return;
      log(`dropped ${balancer.dropBackend(backend.demo.port)} connections to ${backend.demo.port}`);
      backendDrops++;
    };
    // Restart rounds spread evenly over the publishing time, backend drops at random moments within it; each
    // action waits for the one before (a rolling restart takes seconds).
    const actions = [
      ...Array.from({ length: options.restartRounds }, (_, round) => ({
        at: publishMs * (0.1 + (0.8 * round) / options.restartRounds),
        run: rollingRestart,
      })),
      ...Array.from({ length: options.backendDrops }, () => ({
        at: publishMs * (0.1 + 0.8 * Math.random()),
        run: async () => backendDrop(),
      })),
    ].sort((a, b) => a.at - b.at);
    const chaos = (async () => {
      const begin = Date.now();
      for (const action of actions) {
        await sleep(Math.max(0, action.at - (Date.now() - begin)));
        await action.run();
      }
    })();

    await Promise.all([publishing, randomDrops, chaos]);
    log(`published ${options.events}; ${drops} drops, ${backendDrops} backend drops, ${restarts} restarts`);

    const complete = (chaosClient: ChaosClient) => new Set(chaosClient.received).size >= options.events;
    const deadline = Date.now() + options.settleTimeoutMs;
    while (!clients.every(complete) && Date.now() < deadline) await sleep(50);
    // Duplicates come right behind: a short look beyond the point where everything arrived.
    await sleep(200);
    for (const backend of backends) await scrape(backend);
  } catch (error) {
    failures.push(`run aborted: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.all(clients.map(chaosClient => chaosClient.client.disconnect().catch(() => undefined)));
    await balancer?.close();
    await Promise.all(backends.map(backend => backend.demo.stop('SIGTERM').catch(() => undefined)));
    await killLaunchedDemos();
    await deletePrefix(options.redisUrl, options.prefix).catch(error =>
      failures.push(`cleanup of ${options.prefix}*: ${String(error)}`),
    );
  }

  const totals = { lost: 0, duplicated: 0, reordered: 0, clientsComplete: 0, recovered: 0, notRecovered: 0 };
  const closesByCode: Record<string, number> = {};
  for (const chaosClient of clients) {
    const result = checkDeliveries(chaosClient.received, options.events);
    totals.lost += result.lost;
    totals.duplicated += result.duplicated;
    totals.reordered += result.reordered;
    if (result.lost + result.duplicated + result.reordered === 0) totals.clientsComplete++;
    else if (failures.length < 20) {
      const missing = result.missing.map(seq => `${seq}@${offsetOfSeq[seq] ?? '?'}`).join(',');
      failures.push(
        `client ${chaosClient.index}: ${JSON.stringify({ ...result, missing })}; ${chaosClient.timeline.join('; ')}`,
      );
    }
    totals.recovered += chaosClient.recovered;
    totals.notRecovered += chaosClient.notRecovered;
    for (const [code, count] of chaosClient.closes) closesByCode[code] = (closesByCode[code] ?? 0) + count;
  }
  if (totals.clientsComplete < clients.length) failures.push(`server counts: ${JSON.stringify(serverCounts)}`);
  return {
    ok: failures.length === 0 && totals.clientsComplete === clients.length && clients.length === options.clients,
    failures,
    processes: options.processes,
    clients: clients.length,
    events: options.events,
    drops,
    backendDrops,
    restarts,
    ...totals,
    closesByCode,
    serverCounts,
    durationMs: Date.now() - started,
  };
}
