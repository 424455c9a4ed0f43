/** A stack frame of an onion method: `at SocketPacketX.execute (` or `at async SocketConnectionY.enter (`. */
const ONION_FRAME = /at (?:async )?([\w$]+)\.(?:enter|exit|execute) /g;

/**
 * The onion an error came from, read from its stack: the first frame that is an onion method is the
 * innermost onion the error passed through when it was made. Only the failure path pays for this, so the
 * chains stay free of per-step bookkeeping. Undefined when no frame names a known onion class.
 */
export function onionOfError(error: unknown, onionOfClass: ReadonlyMap<string, string>): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (stack === undefined) return undefined;
  for (const match of stack.matchAll(ONION_FRAME)) {
    const onion = onionOfClass.get(match[1]);
    if (onion !== undefined) return onion;
  }
  return undefined;
}
