/**
 * The client in a real browser: src/client bundled by esbuild for the browser platform (which fails on any
 * Node-only import) and run in headless Chromium against the stand-in server, with the browser's own WebSocket.
 * Chromium: test/support/browser.ts.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startProtocolServer, type ProtocolServer } from './support/protocolServer.js';
import { startRealServer } from './support/realServer.js';
import { until } from './support/wait.js';

type ClientModule = typeof import('../../src/client/index.js');
interface BrowserWindow {
  ASocketClient: ClientModule;
  client: InstanceType<ClientModule['WebSocketClient']>;
  events: unknown[];
}

let server: ProtocolServer;
let browser: Browser;
let page: Page;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: ['src/client/index.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'ASocketClient',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0].text;
  server = await startProtocolServer();
  ({ browser } = await launchBrowser());
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>a-socket client</title>');
  await page.addScriptTag({ content: bundle });
});

afterAll(async () => {
  await page?.evaluate(() => (window as unknown as BrowserWindow).client?.disconnect());
  await browser?.close();
  await server?.stop();
});

test('the browser bundle has no Node-only code in it', () => {
  expect(bundle).not.toMatch(/\brequire\(|node:|process\.env/);
  expect(bundle.length).toBeLessThan(60_000);
});

test("with the browser's WebSocket: ready, events both ways, performAction, and a reconnect", async () => {
  const first = await page.evaluate(async url => {
    const w = window as unknown as BrowserWindow;
    w.events = [];
    w.client = new w.ASocketClient.WebSocketClient({ reconnect: { initialDelay: 20, maxDelay: 100 } });
    w.client.on('hello', data => w.events.push(data));
    w.client.connect(url);
    const id = await w.client.ready;
    const echo = await w.client.performAction('post', '/api/echo', { body: { x: 1 } });
    const missing = await w.client
      .performAction('get', '/api/missing')
      .catch((e: { name: string; code: unknown }) => [e.name, e.code]);
    w.client.sendEvent('from-browser', { ua: typeof navigator });
    return { id, echo, missing };
  }, server.url);
  expect(first.id).toEqual(expect.any(String));
  expect(first.echo).toEqual({ x: 1 });
  expect(first.missing).toEqual(['ActionError', 404]);
  await server.waitForFrame(frame => frame === '_:["from-browser",{"ua":"object"}]');

  server.broadcast('hello', 'browser');
  await page.waitForFunction(() => (window as unknown as BrowserWindow).events.length === 1);

  server.closeClients(1011, 'onion failed');
  const secondId = await page.evaluate(async firstId => {
    const w = window as unknown as BrowserWindow;
    // ready is pending again once the close is seen; wait for the id to change.
    while (w.client.id === firstId || w.client.id === undefined) await new Promise(r => setTimeout(r, 10));
    return w.client.ready;
  }, first.id);
  expect(secondId).not.toBe(first.id);
});

test('in a browser a refused upgrade (HTTP 404) is not visible: the first ready rejects with connect_failed and the client keeps trying', async () => {
  const real = await startRealServer();
  try {
    const failure = await page.evaluate(
      async url => {
        const w = window as unknown as BrowserWindow;
        const refused = new w.ASocketClient.WebSocketClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
        (window as unknown as { refused: typeof refused }).refused = refused;
        refused.connect(url);
        return refused.ready.then(
          () => ['resolved'],
          (e: { name: string; code: string; message: string }) => [e.name, e.code, e.message],
        );
      },
      real.wsUrl({ namespace: '/nowhere' }),
    );
    expect(failure).toEqual([
      'SocketClientError',
      'connect_failed',
      `could not connect to ${real.wsUrl({ namespace: '/nowhere' })}: the connection closed with 1006, without saying ` +
        'why (a refused upgrade, e.g. HTTP 404, looks the same in a browser); the client keeps trying ' +
        '(reconnect options): await client.ready again, or use onReady, to learn when it connects',
    ]);
    await until(() => real.upgrades >= 3);
    await page.evaluate(() => (window as unknown as { refused: { disconnect(): Promise<void> } }).refused.disconnect());
  } finally {
    await real.close();
  }
});
