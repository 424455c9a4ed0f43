import { startServer, stopServer } from './serverProcess.js';

/** Starts and stops each system once, all at once: the reason a system cannot run, or undefined. */
export async function probeSystems(names: readonly string[]): Promise<Map<string, string | undefined>> {
  const outcomes = await Promise.all(
    names.map(async name => {
      try {
        const { server } = await startServer(name, 'connect');
        await stopServer(server);
        return [name, undefined] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  return new Map(outcomes);
}
