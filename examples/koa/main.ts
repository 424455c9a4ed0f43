import { startKoaExample } from './server.js';

const host = process.env.HOST ?? '127.0.0.1';
const running = await startKoaExample(Number(process.env.PORT ?? 3000), host);
console.log(`koa example listening on http://${host}:${running.port} (sockets: ws://${host}:${running.port}/ws)`);
process.once('SIGTERM', () => void running.close());
