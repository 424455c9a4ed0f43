import { type Server } from 'node:http';

/** Listens on 127.0.0.1 only: the benchmark never exposes a port beyond the machine. */
export function listenLocal(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting and drops every open connection, so closing never waits for the load generator. */
export function closeServer(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
