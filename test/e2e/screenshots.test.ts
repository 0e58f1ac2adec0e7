import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { exampleServices, findExamplesDir } from '../../app/examples.ts';
import { alive, DESKTOP, freePort, httpServiceCommand, launchBrowser, NARROW, openDashboard, screenshot, skipReason, startServe, type Served } from './harness.ts';

const skip = skipReason();
let served: Served;
let browser: Browser;
let squatter: ChildProcess;

before(async () => {
  if (skip) return;
  const heldPort = await freePort();
  squatter = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${heldPort}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => squatter.stdout!.once('data', () => resolve()));
  const [runner, executor] = exampleServices(findExamplesDir()!, path.join(os.tmpdir(), `upkeep-e2e-queue-${process.pid}`));
  served = await startServe([
    { ...runner!, port: await freePort() },
    executor!,
    { name: 'api', command: httpServiceCommand(), port: await freePort(), health: { kind: 'tcp', intervalMs: 500, startGraceMs: 0 } },
    { name: 'legacy-cron', command: httpServiceCommand(), port: heldPort },
  ]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await served?.stop();
  if (squatter?.pid && alive(squatter.pid)) squatter.kill('SIGKILL');
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [['desktop', DESKTOP], ['narrow', NARROW]] as const) {
    test(`the window in ${label} ${colorScheme}: every state in words, no console errors or CSP violations`, { skip: skip ?? false }, async () => {
      const { page, problems } = await openDashboard(browser, served.url, { ...viewport, colorScheme });
      // Settle: the runner healthy (its check), the executor between runs, legacy-cron blocked.
      // No helper functions inside: tsx would wrap them in a name helper the page lacks.
      await page.waitForFunction(
        (names) =>
          names.every(([name, attribute, value]) => document.querySelector(`[data-service="${name}"] .badge`)?.getAttribute(attribute) === value) &&
          document.querySelector('[data-service="runner"] .health-healthy') !== null &&
          document.querySelector('[data-service="executor"] .badge')?.getAttribute('data-state') !== 'starting',
        [['runner', 'data-tone', 'up'], ['api', 'data-tone', 'up'], ['legacy-cron', 'data-state', 'blocked']],
        { timeout: 20_000 },
      );
      assert.equal(await page.locator('[data-aggregate]').getAttribute('data-aggregate'), 'down');
      for (const badge of await page.locator('.service-list .badge').all()) {
        assert.match((await badge.textContent()) ?? '', /^[A-Z][a-z]+$/, 'every state has a word');
      }
      await page.locator('[data-service="runner"]').click();
      await page.locator('.log-line', { hasText: 'runner listening' }).waitFor({ timeout: 10_000 });
      await screenshot(page, `window-${label}-${colorScheme}`);
      await page.locator('[data-service="legacy-cron"]').click();
      await page.locator('.conflict').waitFor({ timeout: 5_000 });
      await screenshot(page, `window-${label}-${colorScheme}-conflict`);

      // Keyboard: Tab reaches the header buttons and the rows, and focus is visible.
      await page.keyboard.press('Tab');
      const focused = await page.evaluate('document.activeElement?.textContent');
      assert.ok(typeof focused === 'string' && focused.length > 0, 'Tab focuses a labelled control');
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
}
