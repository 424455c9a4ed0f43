import { type IBenchClient } from '../clients/client.js';
import { type ServerLink } from './serverLink.js';

/** What a scenario gets to run one round: the way to the server and a way to open clients. */
export interface IRoundContext {
  server: ServerLink;
  /** Opens one client to the system under test; resolves when its handshake is complete. */
  connect(): Promise<IBenchClient>;
}
