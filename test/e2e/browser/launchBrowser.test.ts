/**
 * Which browser the browser tests run in. This test fails, never skips, when no browser can be had: a fresh
 * `npm ci` must be enough (see test/support/browser.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { launchBrowser, type ILaunchedBrowser } from '../../support/browser.js';

let launched: ILaunchedBrowser | undefined;

afterAll(async () => {
  await launched?.browser.close();
});

test('the browser tests have a headless Chromium and say which one they use', async () => {
  launched = await launchBrowser();
  const { source, executablePath, version, browser } = launched;
  console.info(`browser tests use Chromium ${version} from ${source}: ${executablePath}`);

  expect(path.isAbsolute(executablePath)).toBe(true);
  expect(version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  if (process.env.CHROMIUM_PATH) {
    expect({ source, executablePath }).toEqual({ source: 'CHROMIUM_PATH', executablePath: process.env.CHROMIUM_PATH });
  } else {
    // The pinned package's major version is Chromium's.
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    const packageJson = path.resolve(path.dirname(entry), '..', '..', 'package.json');
    const pinned = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
    expect(source).toBe('@sparticuz/chromium');
    expect(version.split('.')[0]).toBe(pinned.split('.')[0]);
  }

  const page = await browser.newPage();
  await page.setContent('<p id="probe">rendered</p>');
  expect(await page.evaluate(() => [document.getElementById('probe')?.textContent, typeof WebSocket])).toEqual([
    'rendered',
    'function',
  ]);
});
