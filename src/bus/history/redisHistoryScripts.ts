import { type Redis } from 'ioredis';

/**
 * The Lua scripts that keep a namespace's stream, counter and epoch consistent: each runs
 * atomically in Redis, so no process ever sees an offset without its entry or an entry of a stream
 * whose epoch it does not know.
 *
 * Layout per namespace: a hash (meta) with `epoch`, `base`, `seq` and one `w:<writer>` field per
 * appending process, and a stream whose entry ids are `<base>-<seq>`. `seq` is the offset;
 * `base` is Redis's clock (ms) when the epoch was made. A recreated stream gets a later base, so its
 * ids are above every id of the stream it replaces and a reader blocked on the old ids receives the
 * new entries instead of waiting for the new counter to pass the old one.
 */
const CREATE_EPOCH = `
local function createEpoch(meta, stream, epoch, metaTtlMs)
  local now = redis.call('TIME')
  local base = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
  redis.call('DEL', stream, meta)
  redis.call('HSET', meta, 'epoch', epoch, 'base', base, 'seq', 0)
  redis.call('PEXPIRE', meta, metaTtlMs)
  return base
end
`;

/**
 * KEYS meta, stream; ARGV new epoch (used when none exists), size, stream ttl ms, meta ttl ms,
 * writer, writer's counter, payload. Returns { 'ok', epoch, seq } or { 'dup', epoch, 0 } when this
 * writer's counter was already written: a resend after a connection dropped before Redis's answer.
 * The XADD comes before any write to meta, so a failing XADD leaves no hole in the offsets.
 */
const APPEND = `${CREATE_EPOCH}
local meta, stream = KEYS[1], KEYS[2]
local writerField = 'w:' .. ARGV[5]
local state = redis.call('HMGET', meta, 'epoch', 'base', 'seq', writerField)
local epoch, base, seq = state[1], state[2], tonumber(state[3] or '0')
if not epoch or not base then
  epoch = ARGV[1]
  base = createEpoch(meta, stream, epoch, ARGV[4])
  seq = 0
elseif state[4] and tonumber(state[4]) >= tonumber(ARGV[6]) then
  return { 'dup', epoch, 0 }
end
seq = seq + 1
redis.call('XADD', stream, 'MAXLEN', '~', ARGV[2], base .. '-' .. seq, 'e', epoch, 'd', ARGV[7])
redis.call('HSET', meta, 'seq', seq, writerField, ARGV[6])
redis.call('PEXPIRE', stream, ARGV[3])
redis.call('PEXPIRE', meta, ARGV[4])
return { 'ok', epoch, seq }
`;

/**
 * KEYS meta, stream; ARGV new epoch (used when none exists), meta ttl ms. Returns { epoch, base, seq }
 * and keeps the epoch alive: readers call it at start, after every reconnect, and now and then.
 */
const ENSURE = `${CREATE_EPOCH}
local meta, stream = KEYS[1], KEYS[2]
local state = redis.call('HMGET', meta, 'epoch', 'base', 'seq')
if not state[1] or not state[2] then
  return { ARGV[1], createEpoch(meta, stream, ARGV[1], ARGV[2]), '0' }
end
redis.call('PEXPIRE', meta, ARGV[2])
return { state[1], state[2], state[3] or '0' }
`;

/**
 * KEYS meta, stream; ARGV epoch, offset after which to read (a valid offset), size. Returns
 * { 'epoch' }, { 'offset', head }, { 'trimmed', head } or { 'ok', head, entries }: the window rule
 * of historyWindow.ts on the head, in the same atomic read as the entries.
 */
const RANGE = `
local meta, stream = KEYS[1], KEYS[2]
local state = redis.call('HMGET', meta, 'epoch', 'base', 'seq')
if not state[1] or not state[2] or state[1] ~= ARGV[1] then return { 'epoch' } end
local head, after = tonumber(state[3] or '0'), tonumber(ARGV[2])
if after > head then return { 'offset', head } end
if after == head then return { 'ok', head, {} } end
if head - after > tonumber(ARGV[3]) then return { 'trimmed', head } end
return { 'ok', head, redis.call('XRANGE', stream, '(' .. state[2] .. '-' .. ARGV[2], '+', 'COUNT', head - after) }
`;

export type StreamEntryReply = [id: string, fields: string[]];

export type AppendReply = ['ok', string, number] | ['dup', string, number];
export type RangeReply = ['epoch'] | ['offset' | 'trimmed', number] | ['ok', number, StreamEntryReply[]];

export interface IHistoryScripts {
  append(
    keys: { meta: string; stream: string },
    args: {
      epoch: string;
      size: number;
      streamTtlMs: number;
      metaTtlMs: number;
      writer: string;
      counter: number;
      payload: string;
    },
  ): Promise<AppendReply>;
  ensure(keys: { meta: string; stream: string }, epoch: string, metaTtlMs: number): Promise<[string, string, string]>;
  range(keys: { meta: string; stream: string }, epoch: string, after: string, size: number): Promise<RangeReply>;
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Defines the scripts on a connection. ioredis sends EVALSHA and falls back to EVAL (which loads
 * the script) after a NOSCRIPT answer, so a Redis restarted empty needs nothing from us.
 */
export function defineHistoryScripts(redis: Redis): IHistoryScripts {
  redis.defineCommand('aSocketHistoryAppend', { numberOfKeys: 2, lua: APPEND });
  redis.defineCommand('aSocketHistoryEnsure', { numberOfKeys: 2, lua: ENSURE });
  redis.defineCommand('aSocketHistoryRange', { numberOfKeys: 2, lua: RANGE, readOnly: true });
  const commands = redis as unknown as Record<string, ScriptCall>;
  const call = (name: string, ...args: (string | number)[]) => (commands[name] as ScriptCall).apply(redis, args);
  return {
    append: (keys, a) =>
      call(
        'aSocketHistoryAppend',
        keys.meta,
        keys.stream,
        a.epoch,
        a.size,
        a.streamTtlMs,
        a.metaTtlMs,
        a.writer,
        a.counter,
        a.payload,
      ) as Promise<AppendReply>,
    ensure: (keys, epoch, metaTtlMs) =>
      call('aSocketHistoryEnsure', keys.meta, keys.stream, epoch, metaTtlMs) as Promise<[string, string, string]>,
    range: (keys, epoch, after, size) =>
      call('aSocketHistoryRange', keys.meta, keys.stream, epoch, after, size) as Promise<RangeReply>,
  };
}
