import fc from 'fast-check';
import { closingFrame, FUZZ_MAX_PAYLOAD, FUZZ_PASSPORT_CODE, fuzzFrame, type IFuzzFrame } from './fuzzFrames.js';
import { startHarnessServer, type IHarnessServer, type ILogCounts } from './harnessServer.js';
import { until, within } from './settle.js';
import { WireClient } from './wireClient.js';

export interface IFuzzOptions {
  /** Connections, each sending one random run of frames. */
  runs: number;
  /** Frames per run, at most; each run draws its own count. */
  maxFramesPerRun: number;
  /** fast-check seed, to replay a failure. */
  seed?: number;
}

export interface IFuzzReport {
  runs: number;
  frames: number;
  framesByKind: Record<string, number>;
  closesByKind: Record<string, number>;
  durationMs: number;
  log: ILogCounts;
}

const WAIT_MS = 3000;

/**
 * Whole-server fuzzing: for each run a fresh connection sends random frames (every kind of the bad-input
 * table), maybe ending with one that closes it. After each run: the connection answered a last RPC or
 * closed with the code of its closing frame, a neighbour connection answers an RPC, and the registry holds
 * exactly the open connections. At the end no error was logged and the registry is empty.
 * Throws (fast-check's report, with the seed and the shrunk counterexample) when a property fails.
 */
export async function runFuzz(options: IFuzzOptions): Promise<IFuzzReport> {
  const startedAt = Date.now();
  const server = await startHarnessServer({ maxPayload: FUZZ_MAX_PAYLOAD, performAction: { timeout: 200 } });
  const report: IFuzzReport = {
    runs: 0,
    frames: 0,
    framesByKind: {},
    closesByKind: {},
    durationMs: 0,
    log: server.log,
  };
  const neighbour = new WireClient(server.url());
  try {
    const neighbourId = await within(neighbour.ready, WAIT_MS, 'the neighbour connecting');
    const property = fc.asyncProperty(
      fc.array(fuzzFrame(), { maxLength: options.maxFramesPerRun, size: 'max' }),
      fc.option(closingFrame(), { freq: 3 }),
      async (frames, closing) => {
        report.runs++;
        await fuzzOneConnection(server, frames, closing, report);
        const calls = report.runs;
        const back = await within(
          neighbour.call({ i: calls, m: 'post', p: '/api/echo', b: calls }),
          WAIT_MS,
          'the neighbour answering',
        );
        if (back.c !== 0 || back.d !== calls) throw new Error(`the neighbour got ${JSON.stringify(back)}`);
        await until(() => server.app.registry.total === 1, WAIT_MS, 'the registry shrinking to the neighbour');
        if (!server.app.registry.get(neighbourId)) throw new Error('the neighbour left the registry');
      },
    );
    await fc.assert(property, { numRuns: options.runs, seed: options.seed });
    if (server.log.error > 0) {
      throw new Error(`${server.log.error} errors were logged, first: ${server.log.firstErrors.join(' | ')}`);
    }
  } finally {
    await neighbour.close();
    await server.close();
    report.durationMs = Date.now() - startedAt;
  }
  if (server.app.registry.total !== 0) throw new Error(`${server.app.registry.total} connections left after close`);
  return report;
}

async function fuzzOneConnection(
  server: IHarnessServer,
  frames: IFuzzFrame[],
  closing: (IFuzzFrame & { closeCode: number }) | null,
  report: IFuzzReport,
): Promise<void> {
  const client = new WireClient(server.url(`?x-vona-passport-code=${FUZZ_PASSPORT_CODE}`));
  try {
    const id = await within(client.ready, WAIT_MS, 'a fuzzing client connecting');
    for (const frame of frames) {
      if (!client.sendRaw(frame.data, frame.binary)) throw new Error(`closed before a "${frame.kind}" frame`);
      report.frames++;
      report.framesByKind[frame.kind] = (report.framesByKind[frame.kind] ?? 0) + 1;
    }
    const sentinel = `sentinel-${report.runs}`;
    const back = await within(
      client.call({ i: sentinel, m: 'post', p: '/api/echo', b: sentinel }),
      WAIT_MS,
      'the fuzzing client answering after its frames',
    );
    // 429: random calls to /api/slow may hold every slot; the call was still answered.
    if (back.c !== 429 && (back.c !== 0 || back.d !== sentinel)) {
      throw new Error(`the last call got ${JSON.stringify(back)}`);
    }
    if (server.app.registry.total !== 2 || !server.app.registry.get(id)) {
      throw new Error(`the registry holds ${server.app.registry.total} connections, expected the neighbour and ${id}`);
    }
    if (closing) {
      client.sendRaw(closing.data, closing.binary);
      report.frames++;
      const close = await within(client.closed, WAIT_MS, `the close after a "${closing.kind}" frame`);
      if (close.code !== closing.closeCode) {
        throw new Error(`a "${closing.kind}" frame closed with ${close.code}, expected ${closing.closeCode}`);
      }
      report.closesByKind[closing.kind] = (report.closesByKind[closing.kind] ?? 0) + 1;
    }
  } finally {
    await client.close();
  }
}
