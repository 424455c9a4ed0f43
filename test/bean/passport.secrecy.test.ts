import { describe, expect, test } from '@jest/globals';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { maskSecret } from '../../src/service/passportVerify.js';
import { captureLogger } from '../support/captureLogger.js';
import { expiringPassport } from '../support/expiringPassport.js';
import { testApi } from '../support/listeners.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';

/** Distinct, greppable codes: the log must contain none of them, at any level, in messages or details. */
const SECRET = 'S3cr3tT0k3n';
const codes = {
  valid: `valid:${SECRET}user`,
  invalid: `forged-${SECRET}`,
  throwing: `throw:${SECRET}-thrown`,
  closing: `close:${SECRET}-closed`,
  refreshInvalid: `forged-refresh-${SECRET}`,
  refreshThrowing: `throw:${SECRET}-refresh`,
};

describe('passport codes never reach the log in clear', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  test('connecting and refreshing with valid, invalid, throwing and closing codes, at debug level', async () => {
    const logger = captureLogger();
    server = await fixture.start({
      passport: expiringPassport,
      executor: createRequestListenerExecutor(testApi),
      logger,
    });
    const connect = (code: string) =>
      fixture.client(server.wsUrl(`/ws?x-vona-passport-code=${encodeURIComponent(code)}`));
    const valid = connect(codes.valid);
    await valid.ready();
    expect((await connect(codes.invalid).closed).code).toBe(1008);
    expect(await connect(codes.throwing).closed).toEqual({ code: 1008, reason: 'invalid passport code' });
    expect(await connect(codes.closing).closed).toEqual({ code: 4003, reason: 'token [passport code] revoked' });

    // A call whose headers try the code too: dropped by the executor, never logged.
    valid.sendEvent('_b', { i: 1, m: 'get', p: '/api/whoami', h: { 'x-vona-passport-code': codes.valid } });
    await valid.nextEvent(event => event.name === '_c');
    for (const code of [codes.refreshInvalid, codes.refreshThrowing]) {
      const client = connect(codes.valid);
      await client.ready();
      client.sendEvent('sysPassportRefresh', { code });
      expect((await client.closed).code).toBe(1008);
    }
    await waitFor(() => server.app.registry.size === 1);

    const log = logger.all();
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(log).toContain('passport verifier threw');
    expect(log).toContain('[passport code]');
    expect(log).not.toContain(SECRET);
  });

  test('maskSecret replaces every occurrence, and leaves text alone for an empty secret', () => {
    expect(maskSecret('a abc b abc', 'abc')).toBe('a [passport code] b [passport code]');
    expect(maskSecret('text', '')).toBe('text');
  });
});
