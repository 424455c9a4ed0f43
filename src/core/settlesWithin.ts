/**
 * True when `promise` resolves within `ms`, false when it is still pending then; rejects as it
 * does. The timer is cleared as soon as the promise settles, so it never holds the process open.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms === Number.POSITIVE_INFINITY) {
    await promise;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<false>(resolve => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}
