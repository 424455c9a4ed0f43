import { describe, expect, test } from '@jest/globals';
import { readDemoEnv } from '../../../examples/demo/demoEnv.js';

describe('demo environment', () => {
  test('defaults: 127.0.0.1:7102, no extra origins, no Redis, random secret', () => {
    expect(readDemoEnv({})).toEqual({
      host: '127.0.0.1',
      port: 7102,
      allowedOrigins: [],
      redisUrl: undefined,
      secret: undefined,
    });
  });

  test('reads HOST, PORT, REDIS_URL, PASSPORT_SECRET and a trimmed comma-separated ALLOWED_ORIGINS', () => {
    const env = readDemoEnv({
      HOST: '0.0.0.0',
      PORT: '8080',
      ALLOWED_ORIGINS: ' http://localhost:5173/ , https://app.example.com,, ',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PASSPORT_SECRET: 'secret-secret-secret',
    });
    expect(env).toEqual({
      host: '0.0.0.0',
      port: 8080,
      allowedOrigins: ['http://localhost:5173', 'https://app.example.com'],
      redisUrl: 'redis://127.0.0.1:6379',
      secret: 'secret-secret-secret',
    });
  });

  test.each(['abc', '-1', '70000', '80.5'])('PORT=%j is refused with its value', port => {
    expect(() => readDemoEnv({ PORT: port })).toThrow(`PORT must be a whole number from 0 to 65535, got "${port}"`);
  });
});
