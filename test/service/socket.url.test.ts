import http from 'node:http';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseRequestUrl } from '../../src/service/socket.js';
import { startTestServer } from '../support/testServer.js';
import { TestClient } from '../support/wsClient.js';

function viaUrl(url: string) {
  if (!URL.canParse(url, 'http://localhost')) return undefined;
  const parsed = new URL(url, 'http://localhost');
  return { pathname: parsed.pathname, query: [...parsed.searchParams] };
}

function viaFastPath(url: string) {
  const parsed = parseRequestUrl(url);
  return parsed && { pathname: parsed.pathname, query: [...parsed.searchParams] };
}

describe('parseRequestUrl', () => {
  test.each([
    '/ws',
    '/ws/chat?a=1&b=%20x&a=2',
    '/ws/../x',
    '//ws',
    '/ws?x#y',
    '/ws/a%20b',
    '/ws/é?q=é',
    '/ws??a=1',
    '/ws?',
  ])('%s: the path and query new URL() gives', url => {
    expect(viaFastPath(url)).toEqual(viaUrl(url));
  });

  test('any request path: the path and query new URL() gives', () => {
    const chars = fc.constantFrom(..."/w?=&#%.\\a-_é+ 2F~;:@!$()*,'".split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 16 }), parts => {
        const url = `/${parts.join('')}`;
        expect(viaFastPath(url)).toEqual(viaUrl(url));
      }),
      { numRuns: 5000 },
    );
  });
});

test('an upgrade to a URL that cannot be parsed is refused with 400 and the server carries on', async () => {
  const server = await startTestServer();
  try {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port: server.port,
        path: '//',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        },
      });
      request.on('response', response => resolve(response.statusCode));
      request.on('upgrade', () => resolve(101));
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(400);
    const client = new TestClient(server.wsUrl('/ws'));
    await client.ready();
    await client.close();
  } finally {
    await server.close();
  }
});
