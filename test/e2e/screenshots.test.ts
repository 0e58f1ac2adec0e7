import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exampleServices, findExamplesDir } from '../../app/examples.ts';
import { DESKTOP, httpServiceCommand, NARROW, openDashboard, screenshot, serveForSuite, startSquatter } from './harness.ts';
import { freePort } from '../support/ports.ts';

const suite = serveForSuite(async (cleanup) => {
  const heldPort = await freePort();
  await startSquatter(heldPort, cleanup);
  const queueDir = await mkdtemp(path.join(os.tmpdir(), 'upkeep-e2e-queue-'));
  cleanup(() => rm(queueDir, { recursive: true, force: true }));
  const [runner, executor] = exampleServices(findExamplesDir()!, queueDir);
  return [
    { ...runner!, port: await freePort() },
    executor!,
    { name: 'api', command: httpServiceCommand(), port: await freePort(), health: { kind: 'tcp', intervalMs: 500, startGraceMs: 0 } },
    { name: 'legacy-cron', command: httpServiceCommand(), port: heldPort },
  ];
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [['desktop', DESKTOP], ['narrow', NARROW]] as const) {
    test(`the window in ${label} ${colorScheme}: every state in words, no console errors or CSP violations`, { skip: suite.skip }, async () => {
      const { page, problems } = await openDashboard(suite.browser, suite.served.url, { ...viewport, colorScheme });
      // Settle: the runner healthy (its check), the executor between runs, legacy-cron blocked.
      // No helper functions inside: tsx would wrap them in a name helper the page lacks.
      await page.waitForFunction(
        (names) =>
          names.every(([name, attribute, value]) => document.querySelector(`[data-service="${name}"] .badge`)?.getAttribute(attribute) === value) &&
          document.querySelector('[data-service="runner"] .health-healthy') !== null &&
          document.querySelector('[data-service="executor"] .badge')?.getAttribute('data-state') !== 'starting',
        [['runner', 'data-tone', 'up'], ['api', 'data-tone', 'up'], ['legacy-cron', 'data-state', 'blocked']] as Array<[string, string, string]>,
        { timeout: 20_000 },
      );
      assert.equal(await page.locator('[data-aggregate]').getAttribute('data-aggregate'), 'down');
      for (const badge of await page.locator('.service-list .badge').all()) {
        assert.match((await badge.textContent()) ?? '', /^[A-Z][a-z]+$/, 'every state has a word');
      }
      await page.locator('[data-service="runner"]').click();
      await page.locator('.log-line', { hasText: 'runner listening' }).waitFor({ timeout: 10_000 });
      await screenshot(page, `window-${label}-${colorScheme}`);
      // The idle executor waits for its queue, in words, instead of counting relaunches.
      const waiting = page.locator('[data-service="executor"] .fact-waiting');
      await waiting.waitFor({ timeout: 10_000 });
      assert.match((await waiting.textContent()) ?? '', /^waiting for upkeep-e2e-queue-\w+\/ \(empty\)$/);
      await page.locator('[data-service="executor"]').click();
      await page.locator('dd.fact-waiting').waitFor({ timeout: 5_000 });
      if (label === 'desktop') await screenshot(page, `window-${label}-${colorScheme}-executor-waiting`);
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
