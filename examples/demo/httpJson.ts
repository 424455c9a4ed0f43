import { type IncomingMessage, type ServerResponse } from 'node:http';

/** A failure a route answers with: its HTTP status and `{ "message" }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Default limit of a request body: the demo's bodies are a few hundred bytes at most. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads the body as JSON whatever its content type (so `curl -d '{"a":1}'` works): undefined when
 * empty, 413 past `limitBytes`, 400 when it is not JSON.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    throw new HttpError(413, `request body of ${declared} bytes is over the limit of ${limitBytes} bytes`);
  }
  const chunks = await readChunks(request, limitBytes);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Listeners rather than `for await`: leaving an async iterator early destroys the request and with it
 * the socket, so the client would see a reset instead of the 413.
 */
function readChunks(request: IncomingMessage, limitBytes: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      received += buffer.length;
      if (received > limitBytes) {
        // Stop reading: a client streaming an endless body must not fill memory.
        cleanup();
        request.pause();
        reject(new HttpError(413, `request body is over the limit of ${limitBytes} bytes`));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new HttpError(400, `request body could not be read: ${error.message}`));
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/** The body as an object of fields, or 400 naming what came instead. */
export function asObjectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const got = body === undefined ? 'no body' : Array.isArray(body) ? 'an array' : describeValue(body);
    throw new HttpError(400, `request body must be a JSON object, got ${got}`);
  }
  return body as Record<string, unknown>;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('content-length', Buffer.byteLength(text));
  response.end(text);
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.statusCode = status;
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.setHeader('content-length', Buffer.byteLength(html));
  response.end(html);
}

/** A value for an error message: JSON, cut short so a big body does not end up in the answer. */
export function describeValue(value: unknown, maxLength = 60): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
