import { describe, expect, test } from '@jest/globals';
import { requireOptionalPeer } from '../../src/core/optionalPeer.js';
import { thrownBy } from '../support/thrownBy.js';

describe('requireOptionalPeer', () => {
  test('a missing peer fails with PEER_MISSING naming the entry and the package to install, keeping the cause', () => {
    const error = thrownBy(() => requireOptionalPeer('a-socket-peer-that-is-not-installed', 'a-socket/example'));
    expect(error.code).toBe('PEER_MISSING');
    expect(error.message).toBe(
      'a-socket/example needs the a-socket-peer-that-is-not-installed package: npm install a-socket-peer-that-is-not-installed',
    );
    expect((error.cause as NodeJS.ErrnoException).code).toBe('MODULE_NOT_FOUND');
  });

  test('an installed peer is returned as its module', () => {
    const promClient = requireOptionalPeer<{ Registry: unknown }>('prom-client', 'a-socket/metrics');
    expect(typeof promClient.Registry).toBe('function');
  });
});
