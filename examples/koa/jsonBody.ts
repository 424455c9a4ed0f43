import { type IncomingMessage } from 'node:http';
import type Koa from 'koa';

/** Largest JSON body accepted, in bytes: the same order as a-socket's default maxPayload. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Koa has no body parser of its own; this small one keeps the example free of extra packages. It parses
 * `application/json` bodies into `ctx.state.body`, which is where the routes read them, for HTTP requests and
 * for the requests a socket's performAction injects alike (those carry their JSON the same way).
 */
export async function jsonBody(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  if (ctx.is('application/json')) {
    const text = await readText(ctx.req);
    try {
      ctx.state.body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      ctx.throw(400, 'the body is not valid JSON');
    }
  }
  await next();
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413, expose: true });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
