import type http from 'node:http';
import { afterEach, describe, expect, test } from '@jest/globals';
import express from 'express';
import { createRequestListenerExecutor, type RequestListener } from '../../src/executor/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { TestClient } from '../support/wsClient.js';

/** Headers a call may not pass on: identity, network position, hop-by-hop, the passport code. */
const DROPPED: Record<string, string> = {
  'x-forwarded-for': '203.0.113.9',
  'X-Forwarded-Host': 'admin.example.test',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
  'x-forwarded-prefix': '/admin',
  forwarded: 'for=203.0.113.9;proto=https',
  'x-original-forwarded-for': '203.0.113.9',
  'cf-connecting-ip': '203.0.113.9',
  'true-client-ip': '203.0.113.9',
  'x-client-ip': '203.0.113.9',
  'X-Real-IP': '203.0.113.9',
  'x-cluster-client-ip': '203.0.113.9',
  'proxy-authorization': 'Basic YWRtaW46YWRtaW4=',
  authorization: 'Bearer valid:bob',
  cookie: 'sid=stolen',
  host: 'admin.example.test',
  via: '1.1 trusted-proxy',
  'x-vona-passport-code': 'valid:bob',
  connection: 'keep-alive, x-hop-secret',
  'x-hop-secret': 'named by connection',
  'keep-alive': 'timeout=5',
  te: 'trailers',
  trailer: 'x-checksum',
  'transfer-encoding': 'chunked',
  upgrade: 'websocket',
  'content-length': '999',
};

/** Ordinary headers a handler may read from a call. */
const KEPT: Record<string, string> = {
  'x-trace': 't-42',
  'accept-language': 'de-CH',
  'content-type': 'text/plain',
};

/** Answers the headers the handler saw. */
const plainHeaders: RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(req.headers));
};

function expressHeaders(): express.Express {
  const app = express();
  app.get('/headers', (req, res) => {
    res.json(req.headers);
  });
  return app;
}

describe.each([
  ['a plain http handler', () => plainHeaders],
  ['an Express app', () => expressHeaders()],
])('headers of a call into %s', (_name, makeListener) => {
  let server: ITestServer;
  let client: TestClient;

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  test('every identity, forwarding, client-address and hop-by-hop header of the call is gone; ordinary ones pass', async () => {
    const listener = makeListener();
    server = await startTestServer({ executor: createRequestListenerExecutor(listener) }, listener);
    client = new TestClient(server.wsUrl('/ws'));
    await client.ready();
    client.sendEvent('_b', { i: 1, m: 'get', p: '/headers', h: { ...DROPPED, ...KEPT } });
    const back = (await client.nextEvent(event => event.name === '_c')).data as {
      c: number;
      d: Record<string, string>;
    };
    expect(back.c).toBe(0);
    const seen = back.d;
    for (const name of Object.keys(DROPPED).map(key => key.toLowerCase())) {
      if (name === 'host') continue;
      expect([name, seen[name]]).toEqual([name, undefined]);
    }
    // The host is the upgrade request's own, never the one the call claims.
    expect(seen.host).toBe(`127.0.0.1:${server.port}`);
    expect(seen).toMatchObject(KEPT);
  });
});
