import http from 'node:http';
import { createApp, type IPassportVerifier } from '../../src/index.js';
import { createRequestListenerExecutor, getSocketContext } from '../../src/executor/index.js';
import { moduleNotes } from './notes.js';

// Your HTTP API: any Node request listener (plain http, Express, Koa's app.callback()...). A socket call
// arrives here too; its caller is getSocketContext(req).user, set when the socket connected.
const handler: http.RequestListener = (req, res) => {
  const user = getSocketContext(req)?.user;
  if (req.method === 'POST' && req.url === '/notes') {
    app.socketNamespace('/notes').broadcast('notes:changed', { id: '1', title: 'Hello' });
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true, user: user?.name ?? null }));
};

// Turns ?x-vona-passport-code=<code> into a user; undefined closes the socket with 1008.
const passport: IPassportVerifier = {
  verify: code => (code === 'code-of-alice' ? { id: 'u1', name: 'alice', anonymous: false } : undefined),
};

const server = http.createServer(handler);
const executor = createRequestListenerExecutor(handler);
const app = createApp({ server, modules: [moduleNotes], passport, executor });
await app.appReady(); // from now on upgrades under /ws are served: ws://localhost:3000/ws/notes

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`listening on http://localhost:${port}`));

process.once('SIGTERM', () => {
  // Closes every socket with 1001 after its exit chain, stops timers; then the HTTP server.
  void app.appClose().then(() => server.close());
});
