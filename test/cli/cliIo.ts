import { type ICliIo } from '../../src/cli/runCli.js';

/** An ICliIo that records what the CLI prints. */
export function recordingIo(cwd: string): ICliIo & { stdout: string; stderr: string } {
  const io = {
    cwd,
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}
