/**
 * The demo's chat page in a real browser: the demo runs in-process, headless Chromium (test/support/browser.ts)
 * loads `/`, which pulls the bundled client from `/chat.js`.
 * The tests run in order on one demo and two pages: join and talk, a server-side drop (1013), a shutdown (1001).
 * Screenshots go to test-results/chat/ (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startDemo, type IDemo } from '../../../examples/demo/createDemo.js';
import { createConsoleLogger } from '../../../src/index.js';
import { startDemoHarness, type IDemoHarness } from '../examples/demoHarness.js';
import { launchBrowser } from '../../support/browser.js';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/chat/', import.meta.url));

/** What the test keeps on the page's window. */
interface ObservedWindow {
  /** Every `data-state` the status line took since `observeStatus`, in order. */
  statusHistory: string[];
}

describe('the chat page', () => {
  let harness: IDemoHarness;
  /** The demo started again on the same port by the last test. */
  let restarted: IDemo | undefined;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    harness = await startDemoHarness();
    ({ browser } = await launchBrowser());
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await restarted?.close();
  });

  /** A page in its own browser context (its own storage), as a second person would have. */
  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 900, height: 640 } });
    const page = await context.newPage();
    page.on('pageerror', error => pageErrors.push(error.message));
    await page.goto(harness.demo.url);
    return page;
  }

  async function join(page: Page, name: string): Promise<void> {
    await page.fill('#name', name);
    await page.click('#join button[type="submit"]');
    await page.locator('#status[data-state="ready"]').waitFor();
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
  }

  /** Waits until the page shows a message with this sender and text; returns whether it is marked as one's own. */
  async function messageShown(page: Page, from: string, text: string): Promise<{ mine: boolean }> {
    const handle = await page.waitForFunction(
      ([sender, body]) =>
        [...document.querySelectorAll('#messages .message')].find(
          item =>
            item.querySelector('.from')?.textContent === sender && item.querySelector('.text')?.textContent === body,
        ),
      [from, text] as const,
    );
    return { mine: await handle.evaluate(item => (item as Element).classList.contains('mine')) };
  }

  function onlineNames(page: Page): Promise<string[]> {
    return page.locator('#online li').allTextContents();
  }

  async function waitForOnline(page: Page, expected: string[]): Promise<void> {
    await page.waitForFunction(
      names => [...document.querySelectorAll('#online li')].map(item => item.textContent).join('|') === names.join('|'),
      expected,
    );
  }

  async function observeStatus(page: Page): Promise<void> {
    await page.evaluate(() => {
      const observed = window as unknown as ObservedWindow;
      observed.statusHistory = [];
      const status = document.getElementById('status')!;
      // oldValue of every change, then the current value when read: nothing is lost to batching.
      new MutationObserver(records => {
        for (const record of records) observed.statusHistory.push(record.oldValue ?? '');
      }).observe(status, { attributes: true, attributeFilter: ['data-state'], attributeOldValue: true });
    });
  }

  async function statusHistory(page: Page): Promise<string[]> {
    return page.evaluate(() => [
      ...(window as unknown as ObservedWindow).statusHistory,
      document.getElementById('status')!.dataset.state ?? '',
    ]);
  }

  test('alice and bob join under their names, see each other online and read each other’s messages', async () => {
    [alice, bob] = await Promise.all([openPage(), openPage()]);
    expect(await alice.locator('#status').getAttribute('data-state')).toBe('idle');
    await alice.fill('#name', 'alice');
    await alice.screenshot({ path: `${SCREENSHOTS}join.png` });

    await join(alice, 'alice');
    expect(await alice.locator('#status').textContent()).toBe('connected as alice');
    await join(bob, 'bob');
    await waitForOnline(alice, ['alice (you)', 'bob']);
    await waitForOnline(bob, ['alice', 'bob (you)']);
    await alice.locator('#messages .notice', { hasText: 'bob joined' }).waitFor();

    // Markup in a message is shown as text, never parsed.
    const greeting = 'hi bob <img src=x onerror="window.injected=1"> <b>bold?</b>';
    await say(alice, greeting);
    expect(await messageShown(bob, 'alice', greeting)).toEqual({ mine: false });
    expect(await messageShown(alice, 'alice', greeting)).toEqual({ mine: true });
    expect(await bob.locator('#messages img, #messages b').count()).toBe(0);
    expect(await bob.evaluate(() => (window as { injected?: number }).injected)).toBeUndefined();
    await expect(alice.inputValue('#text')).resolves.toBe('');

    await say(bob, 'hello alice');
    expect(await messageShown(alice, 'bob', 'hello alice')).toEqual({ mine: false });

    await alice.screenshot({ path: `${SCREENSHOTS}alice.png` });
    await bob.screenshot({ path: `${SCREENSHOTS}bob.png` });
    expect(pageErrors).toEqual([]);
  });

  test('a server-side drop (1013) shows "reconnecting", then the page is back with both names online', async () => {
    await Promise.all([observeStatus(alice), observeStatus(bob)]);
    const chatClients = [...harness.demo.app.registry.namespaceClients('/chat')];
    expect(chatClients).toHaveLength(2);
    for (const ws of chatClients) ws.close(1013, 'try again later');

    for (const page of [alice, bob]) {
      await page.locator('#messages .notice', { hasText: 'connection is back' }).waitFor();
      await page.locator('#status[data-state="ready"]').waitFor();
      const history = await statusHistory(page);
      expect(history.slice(history.indexOf('reconnecting'))).toEqual(['reconnecting', 'connecting', 'ready']);
    }
    await waitForOnline(alice, ['alice (you)', 'bob']);
    await waitForOnline(bob, ['alice', 'bob (you)']);
    await say(bob, 'still here');
    await messageShown(alice, 'bob', 'still here');
    expect(pageErrors).toEqual([]);
  });

  test('when the demo shuts down (1001) the page counts down to its next attempt', async () => {
    await harness.demo.close();
    await alice.locator('#status[data-state="reconnecting"]').waitFor();
    expect(await alice.locator('#status').textContent()).toMatch(
      /^reconnecting in \d+(\.\d)? s: the (server is going away \(1001\)|connection was lost \(1006\))$/,
    );
    expect(await onlineNames(alice)).toEqual([]);
    await alice.screenshot({ path: `${SCREENSHOTS}alice-reconnecting.png` });
  });

  test('when the demo is back with a new secret the page signs in again under its name; leaving is seen', async () => {
    restarted = await startDemo({
      port: harness.demo.port,
      secret: 'another-secret-0123456789abcdef',
      logger: createConsoleLogger('silent'),
    });
    for (const page of [alice, bob]) {
      // The old token is refused (1008) by the new secret; the page asks for a new one and connects again.
      await page.locator('#messages .notice', { hasText: 'signed in again' }).waitFor({ timeout: 15_000 });
      await page.locator('#status[data-state="ready"]').waitFor();
    }
    await waitForOnline(alice, ['alice (you)', 'bob']);

    await bob.click('#leave');
    await bob.locator('#join').waitFor();
    expect(await bob.locator('#status').getAttribute('data-state')).toBe('idle');
    await alice.locator('#messages .notice', { hasText: 'bob left' }).waitFor();
    await waitForOnline(alice, ['alice (you)']);
    expect(pageErrors).toEqual([]);
  });
});
