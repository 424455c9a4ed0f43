/**
 * The real `process`. Jest gives each test file a copy of `process` whose listeners Node never calls, so a
 * warning (e.g. MaxListenersExceededWarning) would go unheard there. `Buffer` comes from Node's own realm:
 * a function built by that realm's `Function` constructor reads that realm's global `process`.
 */
export function hostProcess(): NodeJS.Process {
  const HostFunction = Buffer.constructor as FunctionConstructor;
  return new HostFunction('return process')() as NodeJS.Process;
}

/** Records the process warnings emitted until `stop()`. */
export function captureProcessWarnings(): { list: Error[]; stop(): void } {
  const list: Error[] = [];
  const onWarning = (warning: Error) => list.push(warning);
  const realProcess = hostProcess();
  realProcess.on('warning', onWarning);
  return { list, stop: () => realProcess.off('warning', onWarning) };
}

/** Records the promise rejections nobody handled until `stop()` (Node would end the process on one by default). */
export function captureUnhandledRejections(): { list: unknown[]; stop(): void } {
  const list: unknown[] = [];
  const onRejection = (reason: unknown) => list.push(reason);
  const realProcess = hostProcess();
  realProcess.on('unhandledRejection', onRejection);
  return { list, stop: () => realProcess.off('unhandledRejection', onRejection) };
}
