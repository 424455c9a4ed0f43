import { type ISocketConfig } from './types/config.js';

/** Defaults of `config.modules['a-socket']`. */
export function defaultSocketConfig(): ISocketConfig {
  return {
    eventPrefix: '_:',
    globalPrefix: '/ws',
    queryKey: {
      passportCode: 'x-vona-passport-code',
      instanceName: 'x-vona-instance-name',
      locale: 'x-vona-locale',
      tz: 'x-vona-tz',
    },
    timeout: { ping: 20000, upgrade: 10000, enter: 15000, close: 10000 },
    maxConnectionsPerAddress: 0,
    maxPayload: 1024 * 1024,
    binaryFrames: 'pass',
    maxPendingPackets: 100,
    maxBufferedAmount: 4 * 1024 * 1024,
    slowConsumer: 'skip',
    performAction: { timeout: 30000, maxInFlight: 32 },
    rateLimit: { packetsPerSecond: 0, burst: 100, action: 'drop' },
    cors: { origins: [] },
    passport: { allowAnonymous: true, expiryWarning: 60000 },
  };
}
