import { type IAppConfigBase } from '../core/app.js';
import { type IModuleConfigRecord } from '../core/moduleScope.js';
import { type DeepPartial } from '../core/util.js';

export type { IModuleConfigRecord } from '../core/moduleScope.js';
import { type ISocketConnectionOptions, type ISocketConnectionRecord } from './socketConnection.js';
import { type ISocketPacketOptions, type ISocketPacketRecord } from './socketPacket.js';

/** A cors origin rule: exact origin, `*.example.com` / `https://*.example.com` wildcard, RegExp, or predicate. */
export type OriginRule = string | RegExp | ((origin: string) => boolean);

/** What happens to a client whose unsent data passes `maxBufferedAmount`. */
export type SlowConsumerPolicy = 'skip' | 'close';

/** What a binary frame does: passes on as `[undefined, Buffer]` (built-ins ignore it), or closes the connection with 1003. */
export type BinaryFramePolicy = 'pass' | 'close';

/** What happens to a packet over the per-connection rate limit. */
export type RateLimitAction = 'drop' | 'close';

/** Config of the built-in `a-socket` module (`config.modules['a-socket']`). */
export interface ISocketConfig {
  /** Prefix of every event frame. */
  eventPrefix: string;
  /** Upgrades are served under this path only; `/ws` → namespace `/`, `/ws/x` → `/x`. */
  globalPrefix: string;
  /** Query keys read from the upgrade request. */
  queryKey: {
    passportCode: string;
    instanceName: string;
    locale: string;
    tz: string;
  };
  timeout: {
    /** Heartbeat period: a socket that did not answer the previous ping is terminated. */
    ping: number;
    /**
     * Milliseconds other `upgrade` listeners of the host server have to take an upgrade outside
     * `globalPrefix` before it is answered 400 and closed (with no other listener: at once).
     */
    upgrade: number;
    /**
     * Milliseconds a connection's chain (`enter` of its connection onions: passport verifier, instance resolver...)
     * may run before the connection is closed with 1013 `connection chain timed out`; 0 turns the deadline off.
     */
    enter: number;
    /**
     * Milliseconds `appClose` waits for the connections' chains to finish (sockets still open after 3 s are
     * terminated); past it, it goes on without those still running and logs them as an error. 0 waits for ever.
     */
    close: number;
  };
  /**
   * Open connections one remote address may hold; one more closes with 1013. 0 (the default) turns the cap
   * off. The address is the TCP peer's: behind a reverse proxy every client shares the proxy's.
   */
  maxConnectionsPerAddress: number;
  /** Largest accepted frame in bytes; a bigger one closes the connection with 1009. */
  maxPayload: number;
  /** Binary frames: `'pass'` (default) hands them to packet onions as `[undefined, Buffer]`; `'close'` closes with 1003. */
  binaryFrames: BinaryFramePolicy;
  /** Messages held while the connection chain runs; one more closes the connection with 1008. */
  maxPendingPackets: number;
  /** Bytes a client may have waiting to be sent before the slow-consumer policy applies. */
  maxBufferedAmount: number;
  slowConsumer: SlowConsumerPolicy;
  performAction: {
    /** Milliseconds the executor has to answer before the call fails with 504. */
    timeout: number;
    /** Calls one connection may have running; one more fails with 429. */
    maxInFlight: number;
  };
  /** Per-connection packet rate limit (token bucket), applied by the `a-socket:rateLimit` packet onion. */
  rateLimit: {
    /** Sustained packets a second one connection may send; 0 (the default) turns the limit off. */
    packetsPerSecond: number;
    /** Packets one connection may send at once before the sustained rate applies (the bucket's size). */
    burst: number;
    /** Over the limit: `'drop'` the packet (an RPC in it answers 429), or `'close'` the connection with 1008. */
    action: RateLimitAction;
  };
  cors: {
    /** Origins allowed besides the request's own host. */
    origins: OriginRule[];
  };
  passport: {
    /** Without a passport code (or without a verifier), connect as an anonymous user; else close 1008. */
    allowAnonymous: boolean;
    /**
     * Milliseconds before a user's `expiresAt` at which the server sends `sysPassportExpiring`, so the client
     * can refresh its identity (`sysPassportRefresh`) before the connection closes with 1008 at `expiresAt`.
     */
    expiryWarning: number;
  };
}

// The a-socket module's config in the kernel's record of module configs (module authors add theirs to it).
declare module '../core/moduleScope.js' {
  interface IModuleConfigRecord {
    'a-socket': ISocketConfig;
  }
}

export type OnionOverrides<TRecord, TBase> = { [K in keyof TRecord]?: Partial<TRecord[K]> } & {
  [onionName: string]: Partial<TBase> | undefined;
};

/** The config of an a-socket app: the kernel's, with each module's config typed and the onion overrides. */
export interface IAppConfig extends IAppConfigBase {
  /** App mode, matched by onions' `meta.mode`; defaults to NODE_ENV or 'production'. */
  mode: string;
  modules: { [K in keyof IModuleConfigRecord]?: DeepPartial<IModuleConfigRecord[K]> } & {
    [moduleName: string]: object | undefined;
  };
  /** Per-onion option overrides by onion name, e.g. `{ socketConnection: { 'a-socket:cors': { enable: false } } }`. */
  onions: {
    socketConnection?: OnionOverrides<ISocketConnectionRecord, ISocketConnectionOptions>;
    socketPacket?: OnionOverrides<ISocketPacketRecord, ISocketPacketOptions>;
  };
}
