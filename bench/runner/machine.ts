import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';

export interface IMachineInfo {
  cpuModel: string;
  cpuCount: number;
  totalMemoryMb: number;
  os: string;
  node: string;
  versions: Record<string, string>;
  /** Soft and hard limits of open files, as `ulimit -n` reports them. */
  fdLimit: { soft: number; hard: number };
  loadAverage: number[];
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function ulimit(flag: '-Sn' | '-Hn'): number {
  try {
    const text = execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Infinity : Number(text);
  } catch {
    return NaN;
  }
}

export function machineInfo(): IMachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    versions: Object.fromEntries(['ws', 'socket.io', 'socket.io-client'].map(name => [name, packageVersion(name)])),
    fdLimit: { soft: ulimit('-Sn'), hard: ulimit('-Hn') },
    loadAverage: os.loadavg().map(value => Number(value.toFixed(2))),
  };
}
