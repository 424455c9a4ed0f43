/**
 * The one route every RPC of the benchmark calls, `POST /api/echo` answering its JSON body, written for each
 * host framework the way an app would write it. The same app serves the HTTP keep-alive reference rows and,
 * through the request-listener executor, the socket rows, so the two differ only in how the call arrives.
 */
import type http from 'node:http';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { ECHO_PATH } from './wireFrames.js';

/** Plain `http`: `POST /api/echo` answers with the JSON body, anything else is 404. */
export const echoHandler: http.RequestListener = (req, res) => {
  if (req.method !== 'POST' || req.url !== ECHO_PATH) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
};

/** Express 5 with its JSON body parser and `res.json`, as its guide writes it. */
export function expressEchoApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.post(ECHO_PATH, (req, res) => {
    res.json(req.body);
  });
  return app;
}

/** Fastify 5, its default JSON parser and serialiser; ready, so `fastify.routing` exists. */
export async function fastifyEchoApp(): Promise<FastifyInstance> {
  const app = Fastify();
  app.post(ECHO_PATH, async request => request.body ?? null);
  await app.ready();
  return app;
}
