/**
 * `a-socket/redis`: what runs on Redis. ioredis is an optional peer dependency: importing this entry without it
 * installed throws an ASocketError `PEER_MISSING` ("a-socket/redis needs the ioredis package: npm install ioredis").
 */
export { RedisBus } from './redisBus.js';
export type { IRedisBusOptions } from './redisBusOptions.js';
export type { BusRedisOptions, BusRedisEnforcedOption } from './redisBusConnection.js';
export type { IRedisBusStats, IBroadcastBusStats } from '../busStats.js';
// Redis-backed history and session stores (RedisHistory, RedisSessionStore and their option/stats types) are
// exported here by the history work (issue 15), beside the bus.
