/**
 * `a-socket/redis`: what runs on Redis. ioredis is an optional peer dependency: importing this entry without it
 * installed throws an ASocketError `PEER_MISSING` ("a-socket/redis needs the ioredis package: npm install ioredis").
 */
export { RedisBus } from './redisBus.js';
export type { IRedisBusOptions } from './redisBusOptions.js';
export type { BusRedisOptions, BusRedisEnforcedOption } from './redisBusConnection.js';
export type { IRedisBusStats, IBroadcastBusStats } from '../busStats.js';
export { RedisHistory } from '../history/redisHistory.js';
export type { IRedisHistoryOptions } from '../history/redisHistory.js';
export { RedisSessionStore } from '../history/redisSessionStore.js';
export type { IRedisSessionStoreOptions } from '../history/redisSessionStore.js';
