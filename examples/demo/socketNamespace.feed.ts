import { BeanSocketNamespaceBase, SocketNamespace } from '../../src/index.js';

/** Events of `/feed` are whatever a publisher posts to `POST /api/socket/broadcast`. */
export type IFeedEvents = Record<string, unknown>;

/**
 * The `/feed` namespace (path `/ws/feed`) with history: every event has an offset, a client that reconnects
 * within two minutes and 10 000 events is replayed what it missed, and `POST /api/socket/broadcast` answers
 * with the event's offset once it has its place in the stream.
 */
@SocketNamespace({ namespace: '/feed', history: { size: 10_000, ttl: 120_000 } })
export class SocketNamespaceFeed extends BeanSocketNamespaceBase<IFeedEvents> {}
