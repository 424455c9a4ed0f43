import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { pipeline, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SocketActionError, type ISocketContext } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';

/** Just what the executor reads of a socket's context. */
const socketContext = {
  request: { url: '/ws', headers: { host: 'example.test' }, remoteAddress: '127.0.0.1' },
} as unknown as ISocketContext;

const errorCode = (action: () => unknown): string => {
  try {
    action();
    return 'no error';
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
};

/** Reads the body the way `how` says, and what the reader saw of it. */
async function readBody(req: http.IncomingMessage, how: string): Promise<{ text: string; chunks: string[] }> {
  const chunks: (Buffer | string)[] = [];
  if (how === 'iterate') {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } else if (how === 'readable') {
    await new Promise<void>(resolve => {
      req.on('readable', () => {
        for (let chunk = req.read() as Buffer | null; chunk !== null; chunk = req.read() as Buffer | null) {
          chunks.push(chunk);
        }
      });
      req.on('end', resolve);
    });
  } else if (how === 'pipe') {
    await new Promise<void>(resolve => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      sink.on('finish', resolve);
      req.pipe(sink);
    });
  } else {
    if (how === 'encoding') req.setEncoding('utf8');
    await new Promise<void>(resolve => {
      req.on('data', (chunk: Buffer | string) => chunks.push(chunk));
      req.on('end', resolve);
    });
  }
  return {
    text: chunks.map(chunk => chunk.toString()).join(''),
    chunks: chunks.map(chunk => (typeof chunk === 'string' ? 'string' : Buffer.isBuffer(chunk) ? 'Buffer' : 'other')),
  };
}

/** What a handler sees of the request and what the response does, reported in the body it answers. */
async function observe(req: http.IncomingMessage, res: http.ServerResponse): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    readableBefore: req.readable,
    contentType: req.headers['content-type'],
    contentLength: req.headers['content-length'],
    rawHeadersEven: req.rawHeaders.length % 2 === 0,
    instanceOfIncomingMessage: req instanceof http.IncomingMessage,
    instanceOfServerResponse: res instanceof http.ServerResponse,
    remoteAddressType: typeof req.socket.remoteAddress,
    encrypted: (req.socket as { encrypted?: boolean }).encrypted ?? null,
    connectionIsSocket: req.connection === req.socket,
    statusCode: res.statusCode,
    headersSentBefore: res.headersSent,
    writableEnded: res.writableEnded,
  };
  res.setHeader('X-Multi', ['a', 'b']);
  res.appendHeader('x-multi', 'c');
  res.setHeader('x-count', 5);
  seen.multi = res.getHeader('x-multi');
  seen.count = res.getHeader('X-COUNT');
  seen.hasMulti = res.hasHeader('X-MULTI');
  res.removeHeader('x-count');
  seen.hasCountAfterRemove = res.hasHeader('x-count');
  seen.headerNames = res.getHeaderNames();
  seen.headers = { ...res.getHeaders() };
  seen.badName = errorCode(() => res.setHeader('bad name', 'x'));
  seen.badValue = errorCode(() => res.setHeader('x-bad', 'a\nb'));
  seen.undefinedValue = errorCode(() => res.setHeader('x-undefined', undefined as unknown as string));
  seen.body = await readBody(req, new URL(req.url ?? '/', 'http://x').searchParams.get('read') ?? 'data');
  seen.readableAfter = req.readable;
  seen.readableEndedAfter = req.readableEnded;
  res.setHeader('content-type', 'application/json');
  res.flushHeaders();
  seen.headersSentAfterFlush = res.headersSent;
  seen.statusMessage = res.statusMessage;
  seen.setAfterSent = errorCode(() => res.setHeader('x-late', '1'));
  seen.writeHeadAfterSent = errorCode(() => res.writeHead(500));
  seen.removeAfterSent = errorCode(() => res.removeHeader('x-multi'));
  return seen;
}

/** The probe app: `/observe` reports, `/pieces` writes in pieces, `/pipeline` streams, `/head` writes a list head. */
const probe: http.RequestListener = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/observe') {
    void observe(req, res).then(seen => {
      const text = JSON.stringify(seen);
      res.write(text.slice(0, 10));
      res.end(text.slice(10));
    });
  } else if (path === '/pieces') {
    res.statusCode = 201;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.write('ab');
    res.write(Buffer.from('cd'));
    res.write(new Uint8Array([0x65]));
    res.write('6c', 'hex');
    res.end('gé', 'utf8');
  } else if (path === '/pipeline') {
    res.setHeader('content-type', 'application/json');
    pipeline(Readable.from(['{"a":', '[1,', '2]}']), res, () => undefined);
  } else if (path === '/head') {
    res.setHeader('x-early', 'set');
    res.writeHead(202, 'Taken', ['content-type', 'application/json', 'x-list', '1', 'x-list', '2']);
    res.end(JSON.stringify({ early: res.getHeader('x-early'), list: res.getHeader('x-list') }));
  } else {
    res.statusCode = 404;
    res.end();
  }
};

describe('an injected call looks to a handler as the same request over HTTP does', () => {
  let server: http.Server;
  let base: string;
  const executor = createRequestListenerExecutor(probe);

  beforeAll(async () => {
    server = http.createServer(probe);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  });

  async function overHttp(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  async function overSocket(method: 'get' | 'post', path: string, body?: unknown): Promise<unknown> {
    const request = { method, path, query: {}, body, headers: {} };
    return executor.execute(request, socketContext, new AbortController().signal);
  }

  test.each(['data', 'encoding', 'iterate', 'readable', 'pipe'])(
    "the body read by '%s', the request's fields and every header operation of the response match HTTP's",
    async read => {
      const body = { hello: 'wörld', list: [1, 2, 3] };
      const http = await overHttp('POST', `/observe?read=${read}`, body);
      expect(http.status).toBe(200);
      const viaHttp = JSON.parse(http.text) as Record<string, unknown>;
      const viaSocket = await overSocket('post', `/observe?read=${read}`, body);
      expect(viaSocket).toEqual(viaHttp);
      expect(viaHttp.body).toMatchObject({ text: JSON.stringify(body) });
    },
  );

  test('a GET without a body reads as empty and ends, as over HTTP', async () => {
    const viaHttp = JSON.parse((await overHttp('GET', '/observe')).text) as Record<string, unknown>;
    expect(await overSocket('get', '/observe')).toEqual(viaHttp);
  });

  test('a body written in pieces (strings, Buffers, bytes, other encodings) arrives whole, with its status', async () => {
    const viaHttp = await overHttp('GET', '/pieces');
    expect(viaHttp).toEqual({ status: 201, text: 'abcdelgé' });
    expect(await overSocket('get', '/pieces')).toBe('abcdelgé');
  });

  test('a stream piped into the response with pipeline() arrives whole', async () => {
    expect(JSON.parse((await overHttp('GET', '/pipeline')).text)).toEqual({ a: [1, 2] });
    expect(await overSocket('get', '/pipeline')).toEqual({ a: [1, 2] });
  });

  test('writeHead with a status message and a header list sets each pair in turn over what was set', async () => {
    const viaHttp = await overHttp('GET', '/head');
    expect(viaHttp.status).toBe(202);
    expect(await overSocket('get', '/head')).toEqual(JSON.parse(viaHttp.text));
  });

  test('an empty 404 answers the status text', async () => {
    expect((await overHttp('GET', '/nothing')).status).toBe(404);
    const failure = await overSocket('get', '/nothing').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SocketActionError);
    expect(failure).toMatchObject({ status: 404, message: 'Not Found' });
  });
});
