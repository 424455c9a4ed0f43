import {
  type IHistoryEntry,
  type IHistoryEpochChange,
  type IHistoryListener,
  type IHistoryReaderGap,
} from '../../../src/bus/history/history.js';

/** A listener that keeps everything it is told, in the order it was told, for tests to compare. */
export interface IHistoryRecorder extends IHistoryListener {
  entries: IHistoryEntry[];
  epochChanges: IHistoryEpochChange[];
  gaps: IHistoryReaderGap[];
  /** Everything in one sequence: `entry /feed 3 n=7`, `epoch /feed`, `gap /feed 2-5`. */
  log: string[];
  /** The `n` of each entry's data, for one namespace. */
  numbers(namespace: string): number[];
}

export function historyRecorder(): IHistoryRecorder {
  const recorder: IHistoryRecorder = {
    entries: [],
    epochChanges: [],
    gaps: [],
    log: [],
    entry(entry) {
      recorder.entries.push(entry);
      recorder.log.push(`entry ${entry.namespace} ${entry.offset} n=${String((entry.data as { n?: number })?.n)}`);
    },
    epochChanged(change) {
      recorder.epochChanges.push(change);
      recorder.log.push(`epoch ${change.namespace}`);
    },
    gap(gap) {
      recorder.gaps.push(gap);
      recorder.log.push(`gap ${gap.namespace} ${gap.fromOffset}-${gap.toOffset}`);
    },
    numbers: namespace =>
      recorder.entries.filter(entry => entry.namespace === namespace).map(entry => (entry.data as { n: number }).n),
  };
  return recorder;
}

/** A broadcast whose data carries `n`, the number tests follow. */
export function numbered(n: number): { kind: 'broadcast'; eventName: string; data: { n: number } } {
  return { kind: 'broadcast', eventName: 'tick', data: { n } };
}
