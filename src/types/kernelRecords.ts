// The a-socket module's entries in the records the kernel leaves open (types only).
import { type ISocketConnectionOptions } from './socketConnection.js';
import { type ISocketNamespaceOptions } from './socketNamespace.js';
import { type ISocketPacketOptions } from './socketPacket.js';

// The scenes of the a-socket module, beside the kernel's `bean` and `service`.
declare module '../core/metadata.js' {
  interface IBeanSceneRecord {
    socketNamespace: ISocketNamespaceOptions;
    socketConnection: ISocketConnectionOptions;
    socketPacket: ISocketPacketOptions;
  }
}

// The codes of the a-socket module's errors, beside the kernel's.
declare module '../core/error.js' {
  interface IASocketErrorCodeRecord {
    /** A namespace bean declares an invalid path. */
    NAMESPACE_INVALID: true;
    /** Two namespace beans declare one path. */
    NAMESPACE_DUPLICATE: true;
    /** No namespace by that path in this app. */
    NAMESPACE_UNKNOWN: true;
    /** A `@SocketEvent` declaration is invalid or misplaced. */
    EVENT_INVALID: true;
    /** Two `@SocketEvent` handlers for one event of one namespace. */
    EVENT_DUPLICATE: true;
  }
}
