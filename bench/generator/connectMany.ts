import { type IBenchClient } from '../clients/client.js';
import { nowMs } from '../lib/clock.js';

/**
 * Opens `count` clients with at most `concurrency` handshakes in flight, the way a crowd of browsers
 * arrives rather than one burst of thousands. `onHandshake` gets each handshake's duration in ms.
 */
export async function connectMany(
  connect: () => Promise<IBenchClient>,
  count: number,
  concurrency: number,
  onHandshake?: (ms: number) => void,
): Promise<IBenchClient[]> {
  const clients: IBenchClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const startedAt = nowMs();
      clients[index] = await connect();
      onHandshake?.(nowMs() - startedAt);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return clients;
}
