import { BeanSocketNamespaceBase, createConsoleLogger, defineModule, SocketNamespace } from '../../src/index.js';
import { RedisHistory, RedisSessionStore } from '../../src/bus/redis/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { benchRedisBus, startASocketServer } from '../lib/aSocketServer.js';
import { echoHandler } from '../lib/echoApps.js';
import { type ICrossProcessOptions, type IBenchSystem } from '../lib/system.js';

/** The namespace the clients of this system connect to: every broadcast goes through its history stream. */
@SocketNamespace({ namespace: '/bench', history: { size: 10_000, ttl: 60_000 } })
class SocketNamespaceBenchHistory extends BeanSocketNamespaceBase {}

const benchHistoryModule = defineModule({ name: 'bench-history', beans: [SocketNamespaceBenchHistory] });

function start(port: number, options?: ICrossProcessOptions) {
  const logger = createConsoleLogger('warn');
  // One process without Redis: the default memory history and session store of a history namespace.
  const redis = options && { url: options.redisUrl, prefix: options.prefix, name: options.workerId, logger };
  return startASocketServer(port, {
    handler: echoHandler,
    executor: createRequestListenerExecutor(echoHandler),
    modules: [benchHistoryModule],
    broadcastNamespace: '/bench',
    bus: options && benchRedisBus(options),
    workerId: options?.workerId,
    history: redis && new RedisHistory(redis),
    sessions: redis && new RedisSessionStore(redis),
  });
}

/**
 * a-socket with a history namespace: in the cross-process scenario every broadcast (made on A or on B) is
 * appended to a Redis Stream and delivered by each process from its XREAD reader, in one total order, with
 * offsets on the wire — the cost of delivery guarantees beside the `a-socket` row's plain pub/sub.
 */
export const system: IBenchSystem = {
  name: 'a-socket-history',
  description: 'a-socket with a history namespace (/bench): broadcasts through a Redis Stream, offsets on the wire',
  client: { protocol: 'wire', path: '/ws/bench' },
  scenarios: ['cross-process'],
  start: port => start(port),
  startCrossProcess: (port, options) => start(port, options),
};
