import type http from 'node:http';
import { getSocketContext } from '../../src/executor/index.js';

/** Collects a request body as text. */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * A small HTTP API for performAction tests: echo, whoami (socket identity only), slow (never answers
 * until aborted), forbidden (403); anything else 404.
 */
export const testApi: http.RequestListener = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  void (async () => {
    if (url.pathname === '/api/echo' && req.method === 'POST') {
      const text = await readBody(req);
      try {
        return json(res, 200, JSON.parse(text || 'null'));
      } catch {
        return json(res, 400, { message: `bad JSON body: ${text.slice(0, 20)}` });
      }
    }
    if (url.pathname === '/api/echo' && req.method === 'GET')
      return json(res, 200, Object.fromEntries(url.searchParams));
    if (url.pathname === '/api/headers') return json(res, 200, req.headers);
    if (url.pathname === '/api/whoami') {
      const user = getSocketContext(req)?.user;
      return json(res, 200, { name: user?.name ?? null, anonymous: user?.anonymous ?? true });
    }
    if (url.pathname === '/api/slow') return; // never answers: the executor's timeout is the subject
    if (url.pathname === '/api/forbidden') return json(res, 403, { message: 'not for you' });
    if (url.pathname === '/api/empty') {
      res.statusCode = 204;
      return res.end();
    }
    json(res, 404, { message: `no route ${req.method} ${url.pathname}` });
  })();
};
