/**
 * The load-generator process of a round: opens the clients, runs one scenario against the server
 * the runner started, and sends back one measurement. Forked by the runner with an IPC channel.
 */
import { connectClient } from '../clients/client.js';
import {
  type FromGeneratorMessage,
  type IGeneratorJob,
  type IRoundMeasurement,
  type ToGeneratorMessage,
} from '../lib/ipc.js';
import { runBroadcast } from './broadcast.js';
import { runConnect } from './connect.js';
import { runCrossProcess } from './crossProcess.js';
import { type IRoundContext } from './roundContext.js';
import { runRpc } from './rpc.js';
import { ServerLink } from './serverLink.js';

const HANDSHAKE_TIMEOUT_MS = 15_000;

function send(message: FromGeneratorMessage, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

/** Reports the failure and leaves once the report is out: nothing of this round is worth finishing. */
let failing = false;
function fail(message: string): void {
  if (failing) return;
  failing = true;
  send({ type: 'failed', message }, () => process.exit(1));
}

function runJob(job: IGeneratorJob, server: ServerLink): Promise<IRoundMeasurement> {
  const context: IRoundContext = {
    server,
    connect: () =>
      connectClient(job.protocol, job.url, {
        timeoutMs: HANDSHAKE_TIMEOUT_MS,
        onLost: reason => fail(`a client lost its connection mid-round (${reason})`),
        httpConnections: job.params.scenario === 'rpc' ? Math.ceil(job.params.inFlight / job.params.httpPipeline) : 1,
      }),
  };
  switch (job.params.scenario) {
    case 'rpc':
      return runRpc(context, job.params);
    case 'broadcast':
      return runBroadcast(context, job.params);
    case 'connect':
      return runConnect(context, job.params);
    case 'cross-process':
      return runCrossProcess(context, job.params);
  }
}

const server = new ServerLink();
// The runner owns this process: when it goes away (even killed), so do we.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToGeneratorMessage) => {
  if (message.type === 'serverResponse') {
    server.settle(message.id, message.result, message.error);
    return;
  }
  runJob(message.job, server).then(
    measurement => send({ type: 'result', measurement }),
    (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
  );
});
