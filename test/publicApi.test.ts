import { describe, expect, test } from '@jest/globals';
import * as main from '../src/index.js';
import * as client from '../src/client/index.js';
import * as http from '../src/executor/index.js';
import * as metrics from '../src/metrics/index.js';
import * as redis from '../src/bus/redis/index.js';
import { readFileSync } from 'node:fs';
import packageJson from '../package.json' with { type: 'json' };
import { reachableImports, ROOT } from './support/importGraph.js';

// Adding a value to an entry is a decision: these lists change with it, on purpose.
const MAIN_VALUES = [
  'ASocketError',
  'Bean',
  'BeanBase',
  'BeanSocketNamespaceBase',
  'HistoryError',
  'MemoryBus',
  'MemoryBusHub',
  'MemoryHistory',
  'MemoryHistoryHub',
  'MemorySessionStore',
  'Service',
  'SocketActionError',
  'SocketApp',
  'SocketCloseCode',
  'SocketCloseError',
  'SocketConnection',
  'SocketEvent',
  'SocketNamespace',
  'SocketPacket',
  'createApp',
  'createConsoleLogger',
  'currentSocketContext',
  'defineModule',
];

const SUBPATH_VALUES: Record<string, { values: object; names: string[]; source: string }> = {
  './client': {
    values: client,
    source: 'src/client/index.ts',
    names: [
      'ActionError',
      'DEFAULT_RECONNECT_OPTIONS',
      'RECONNECT_CLOSE_CODES',
      'RECOVERY_QUERY_KEYS',
      'SYSTEM_EVENT_CODES',
      'SocketClientError',
      'SocketCloseCode',
      'WebSocketClient',
      'decodeFrame',
      'encodeFrame',
      'isTransientClose',
      'keepPassportFresh',
      'reconnectDelay',
      'reconnectDelayCap',
      'retryAfterMsOf',
    ],
  },
  './http': {
    values: http,
    source: 'src/executor/index.ts',
    names: ['DEFAULT_DROPPED_HEADERS', 'createRequestListenerExecutor', 'getSocketContext'],
  },
  './metrics': { values: metrics, source: 'src/metrics/index.ts', names: ['prometheusMetrics'] },
  './redis': {
    values: redis,
    source: 'src/bus/redis/index.ts',
    names: ['RedisBus', 'RedisHistory', 'RedisSessionStore'],
  },
};

const OPTIONAL_PEERS = ['ioredis', 'prom-client'];

describe('the public API', () => {
  test('the main entry exports exactly these values, at most 30', () => {
    expect(Object.keys(main).sort()).toEqual([...MAIN_VALUES].sort());
    expect(MAIN_VALUES.length).toBeLessThanOrEqual(30);
  });

  test.each(Object.entries(SUBPATH_VALUES))('a-socket%s exports exactly its listed values', (_subpath, entry) => {
    expect(Object.keys(entry.values).sort()).toEqual([...entry.names].sort());
  });

  test('every entry of package.json has types, import and default conditions pointing at its source', () => {
    const exportsField = packageJson.exports as Record<string, string | Record<string, string>>;
    const entries = {
      '.': 'src/index.ts',
      ...Object.fromEntries(Object.entries(SUBPATH_VALUES).map(([k, v]) => [k, v.source])),
    };
    for (const [subpath, source] of Object.entries(entries)) {
      const conditions = exportsField[subpath];
      expect(conditions).toBeDefined();
      const built = `./dist/${source.replace(/\.ts$/, '')}`;
      expect(conditions).toEqual({ types: `${built}.d.ts`, import: `${built}.js`, default: `${built}.js` });
    }
  });

  test('ioredis and prom-client are optional peers, not dependencies', () => {
    const pkg = packageJson as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    for (const peer of OPTIONAL_PEERS) {
      expect(pkg.dependencies[peer]).toBeUndefined();
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer]).toEqual({ optional: true });
    }
  });

  test('nothing reachable from the main entry or a-socket/http imports an optional peer, not even a type', () => {
    for (const entry of ['src/index.ts', 'src/executor/index.ts', 'src/client/index.ts']) {
      const peerImports = reachableImports(entry, false).filter(edge => OPTIONAL_PEERS.includes(edge.specifier));
      expect({ entry, peerImports }).toEqual({ entry, peerImports: [] });
    }
  });

  test('a-socket/redis and a-socket/metrics load their peer only through requireOptionalPeer (no static import)', () => {
    for (const entry of ['src/bus/redis/index.ts', 'src/metrics/index.ts']) {
      const staticPeerImports = reachableImports(entry, true).filter(edge => OPTIONAL_PEERS.includes(edge.specifier));
      expect({ entry, staticPeerImports }).toEqual({ entry, staticPeerImports: [] });
    }
  });

  test('the client entry loads nothing Node-only and nothing of the server at run time', () => {
    const edges = reachableImports('src/client/index.ts', true);
    const outside = edges.filter(
      edge => !edge.from.startsWith('src/client/') && !edge.from.startsWith('src/protocol/'),
    );
    expect(outside).toEqual([]);
    const bare = edges.filter(edge => !edge.specifier.startsWith('.'));
    expect(bare).toEqual([]);
  });

  test("docs/usage.md's table of entries lists exactly these values", () => {
    const usage = readFileSync(`${ROOT}docs/usage.md`, 'utf8');
    const listed = (entry: string) => {
      const row = usage.split('\n').find(line => line.startsWith(`| \`${entry}\` |`));
      return [...(row ?? '').split('|')[2].matchAll(/`([^`]+)`/g)].map(match => match[1]).sort();
    };
    expect(listed('a-socket')).toEqual([...MAIN_VALUES].sort());
    for (const [subpath, entry] of Object.entries(SUBPATH_VALUES)) {
      expect(listed(`a-socket${subpath.slice(1)}`)).toEqual([...entry.names].sort());
    }
  });
});
