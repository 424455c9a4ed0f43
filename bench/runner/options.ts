import { parseArgs } from 'node:util';
import { type ScenarioKind } from '../lib/system.js';

export interface IBenchOptions {
  quick: boolean;
  rounds: number;
  /** Scenarios to run; all when the flag is absent. */
  only: readonly ScenarioKind[];
  /** System names to run; all present in bench/systems when the flag is absent. */
  systems?: readonly string[];
  profile: boolean;
  /** Broadcast messages per event-loop turn on the server. */
  burst: number;
  /** RPC requests in flight per HTTP connection of the HTTP reference rows. */
  httpPipeline: number;
  /** Redis of the cross-process scenario. */
  redisUrl: string;
  help: boolean;
}

const SCENARIOS: readonly ScenarioKind[] = ['rpc', 'broadcast', 'connect', 'cross-process'];

export const USAGE = `Usage: npm run bench -- [options]

  --quick              small sizes, fewer rounds: checks the harness in well under a minute
  --only <scenarios>   comma-separated subset of: ${SCENARIOS.join(', ')}
  --systems <names>    comma-separated subset of bench/systems (ws-raw is always added: ratios need it)
  --rounds <n>         rounds per scenario (default 3, quick 2); systems alternate within each round
  --burst <n>          broadcast messages the server sends per event-loop turn (default 10)
  --http-pipeline <n>  requests in flight per HTTP connection in the http-* rows (default 1: one at a time, as
                       browsers, http.Agent and undici use keep-alive; 8: pipelined, as many as a socket client keeps)
  --redis <url>        Redis for the cross-process scenario (default $REDIS_URL, else redis://127.0.0.1:6379);
                       the scenario is skipped with a message when it does not answer
  --profile            run the servers with --cpu-prof into bench/results/profiles/
  --help               this text`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${flag} wants a positive integer, got "${value}"`);
  return parsed;
}

export function parseOptions(argv: readonly string[]): IBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      systems: { type: 'string' },
      rounds: { type: 'string' },
      burst: { type: 'string' },
      'http-pipeline': { type: 'string' },
      redis: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const only = list(values.only) ?? [...SCENARIOS];
  for (const name of only) {
    if (!SCENARIOS.includes(name as ScenarioKind)) {
      throw new Error(`--only: unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
    }
  }
  const quick = values.quick ?? false;
  return {
    quick,
    rounds: positiveInteger('rounds', values.rounds, quick ? 2 : 3),
    only: only as ScenarioKind[],
    systems: list(values.systems),
    profile: values.profile ?? false,
    burst: positiveInteger('burst', values.burst, 10),
    httpPipeline: positiveInteger('http-pipeline', values['http-pipeline'], 1),
    redisUrl: values.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    help: values.help ?? false,
  };
}
