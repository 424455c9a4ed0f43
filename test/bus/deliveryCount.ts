import { type TestClient } from '../support/wsClient.js';

/** How many `eventName` events the client received so far, optionally only those whose data matches. */
export function countEvents(
  client: TestClient,
  eventName: string,
  match: (data: unknown) => boolean = () => true,
): number {
  return client.events.filter(event => event.name === eventName && match(event.data)).length;
}

/** The `n` field of every `eventName` event received so far, in arrival order. */
export function receivedNumbers(client: TestClient, eventName: string): number[] {
  return client.events.filter(event => event.name === eventName).map(event => (event.data as { n: number }).n);
}
