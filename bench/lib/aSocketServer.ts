import http from 'node:http';
import {
  createApp,
  createConsoleLogger,
  type IActionExecutor,
  type IBroadcastBus,
  type IModule,
  type ISocketAppOptions,
} from '../../src/index.js';
import { RedisBus } from '../../src/bus/redis/index.js';
import { closeServer, listenLocal } from './httpListen.js';
import { BROADCAST_EVENT, type ICrossProcessOptions, type IRunningServer } from './system.js';

export interface IASocketServerOptions {
  /** The host app's HTTP handler (it also serves the RPC executor when that injects into it). */
  handler: http.RequestListener;
  executor: IActionExecutor;
  bus?: IBroadcastBus;
  workerId?: string;
  /** Extra modules (a namespace with history); broadcasts then go to `broadcastNamespace`. */
  modules?: IModule[];
  history?: ISocketAppOptions['history'];
  sessions?: ISocketAppOptions['sessions'];
  /** Default `/`. */
  broadcastNamespace?: string;
}

/** An a-socket app with its full connection and packet chains on a plain `http` server at 127.0.0.1:`port`. */
export async function startASocketServer(port: number, options: IASocketServerOptions): Promise<IRunningServer> {
  const server = http.createServer(options.handler);
  const app = createApp({
    server,
    executor: options.executor,
    bus: options.bus,
    workerId: options.workerId,
    modules: options.modules,
    history: options.history,
    sessions: options.sessions,
    logger: createConsoleLogger('warn'),
    // The heartbeat would add pings mid-measurement; one minute keeps it out of every round.
    config: { modules: { 'a-socket': { timeout: { ping: 60000 } } } },
  });
  await listenLocal(server, port);
  await app.appReady();
  const namespace = options.broadcastNamespace ?? '/';
  return {
    broadcast(message) {
      // Not awaited: a burst goes out in one turn; with history each resolves once the event has its offset.
      void app.socketEvent.broadcast(namespace, BROADCAST_EVENT, message);
    },
    connectionCount: () => app.registry.size,
    async close() {
      await app.appClose();
      await closeServer(server);
    },
  };
}

/** The bus of a cross-process round: Redis pub/sub on this run's own channel prefix. */
export function benchRedisBus(options: ICrossProcessOptions): RedisBus {
  return new RedisBus({
    url: options.redisUrl,
    prefix: options.prefix,
    name: options.workerId,
    logger: createConsoleLogger('warn'),
  });
}
