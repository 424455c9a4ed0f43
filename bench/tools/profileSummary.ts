/**
 * `npm run bench:top -- <file.cpuprofile> [--top N] [--inclusive <text>]…`: the functions with the most self time in a CPU
 * profile written by `npm run bench -- --profile`, and the self time per source (a package under
 * node_modules, a file of src/ or bench/, node's internals, GC, idle); `--inclusive` adds the time of
 * every sample whose stack holds a frame whose label contains the text. A quick reading without DevTools.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ICallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface IProfileNode {
  id: number;
  callFrame: ICallFrame;
  children?: number[];
}
interface ICpuProfile {
  nodes: IProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, coarse enough to add up: `ws`, `src/service/socketEvent.ts`, `node:internal/streams`. */
function sourceOf(frame: ICallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 3).join('/');
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + '/dist/'.length).replace(/\.js$/, '.ts') : path.basename(url);
}

function label(frame: ICallFrame): string {
  const where = frame.url ? `${sourceOf(frame)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
}

function top(totals: Map<string, number>, count: number, totalMs: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(9)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

function main(): void {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { top: { type: 'string', default: '30' }, inclusive: { type: 'string', multiple: true } },
    allowPositionals: true,
  });
  const count = Number(values.top);
  for (const file of positionals) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as ICpuProfile;
    const byId = new Map(profile.nodes.map(node => [node.id, node]));
    const selfMs = new Map<number, number>();
    profile.samples.forEach((id, index) => {
      selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
    });
    const byFunction = new Map<string, number>();
    const bySource = new Map<string, number>();
    let totalMs = 0;
    let idleMs = 0;
    for (const [id, ms] of selfMs) {
      const frame = byId.get(id)?.callFrame;
      if (!frame) continue;
      totalMs += ms;
      if (frame.functionName === '(idle)') idleMs += ms;
      byFunction.set(label(frame), (byFunction.get(label(frame)) ?? 0) + ms);
      bySource.set(sourceOf(frame), (bySource.get(sourceOf(frame)) ?? 0) + ms);
    }
    const busyMs = totalMs - idleMs;
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const inclusive = (values.inclusive ?? []).map(needle => {
      // Each sample counts once if any frame on its stack matches, so recursion is not counted twice.
      let ms = 0;
      profile.samples.forEach((id, index) => {
        for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
          const frame = byId.get(at)?.callFrame;
          if (frame && label(frame).includes(needle)) {
            ms += (profile.timeDeltas[index] ?? 0) / 1000;
            break;
          }
        }
      });
      return `${ms.toFixed(1).padStart(9)} ms ${((ms / busyMs) * 100).toFixed(1).padStart(5)}% of busy  ${needle}`;
    });
    process.stdout.write(
      `${path.basename(file)}: ${totalMs.toFixed(0)} ms sampled, ${busyMs.toFixed(0)} ms busy (not idle)\n` +
        `\nself time by source:\n${top(bySource, count, totalMs).join('\n')}\n` +
        `\nself time by function:\n${top(byFunction, count, totalMs).join('\n')}\n` +
        (inclusive.length ? `\ninclusive time (stack contains):\n${inclusive.join('\n')}\n` : '') +
        '\n',
    );
  }
}

main();
