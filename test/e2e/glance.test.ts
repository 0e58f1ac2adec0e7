/**
 * The pictures, in a real browser against a real engine: the availability
 * strip (from the engine's own transitions: a crash loop, a stop, a
 * restart), keyboard and hover details, the 24 h / 7 d switch, the compact
 * strips in the list, and the live sparklines. Screenshots in light and
 * dark, desktop and narrow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HistoryEntry } from '../../app/api.ts';
import { HistoryStore } from '../../app/history/store.ts';
import { dataPaths } from '../../app/paths.ts';
import { nodeFixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { waitFor } from '../support/wait.ts';
import { DESKTOP, httpServiceCommand, NARROW, openDashboard, screenshot, serveForSuite } from './harness.ts';

const HOUR = 3_600_000;
let marker = '';

/**
 * The screenshots want a day to look at, and a test cannot wait a day: `api`
 * gets yesterday's lines (written through the engine's own store, as an
 * engine would have). `flaky` and `worker` have only what this engine does.
 */
function seedYesterday(home: string): void {
  const now = Date.now();
  const store = new HistoryStore(dataPaths(home), (message) => assert.fail(message));
  const entry = (hoursAgo: number, fields: Partial<HistoryEntry> & Pick<HistoryEntry, 'to' | 'reason'>): HistoryEntry => ({
    at: now - hoursAgo * HOUR,
    service: 'api',
    from: null,
    kind: 'transition',
    health: 'healthy',
    ...fields,
  });
  const lines: HistoryEntry[] = [
    entry(26, { to: 'stopped', reason: 'Upkeep started (pid 4242)', kind: 'engine', engine: 'started' }),
    entry(26, { to: 'running', reason: 'started (pid 4300)' }),
    entry(19, { to: 'running', reason: 'unhealthy: connect ECONNREFUSED 127.0.0.1:8080', kind: 'health', health: 'unhealthy' }),
    entry(18.5, { to: 'backoff', reason: 'exited with code 1; restart in 1 s', kind: 'crash', health: 'unknown' }),
    entry(18.4, { to: 'running', reason: 'started (pid 4391)' }),
    entry(14, { to: 'running', reason: 'Upkeep stopped', kind: 'engine', engine: 'stopped' }),
    entry(9, { to: 'stopped', reason: 'Upkeep started (pid 5120)', kind: 'engine', engine: 'started' }),
    entry(9, { to: 'running', reason: 'adopted running process (pid 4391)' }),
    entry(5, { to: 'stopped', reason: 'stopped by user', health: 'unknown' }),
    entry(4, { to: 'running', reason: 'started by user' }),
    entry(0.5, { to: 'running', reason: 'Upkeep stopped', kind: 'engine', engine: 'stopped' }),
  ];
  for (const line of lines) store.append(line);
}

const suite = serveForSuite(async (cleanup) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upkeep-e2e-flaky-'));
  cleanup(() => rm(dir, { recursive: true, force: true }));
  marker = path.join(dir, 'crash');
  writeFileSync(marker, '');
  return [
    { name: 'api', command: httpServiceCommand(), port: await freePort(), health: { kind: 'tcp', intervalMs: 500, startGraceMs: 0 } },
    { name: 'flaky', command: nodeFixture('flaky.mjs', marker, '150') },
    { name: 'worker', command: nodeFixture('forever.mjs') },
  ];
}, seedYesterday);

test('the strip shows what really happened: a crash loop, a recovery, a stop by the user — and says when and why', { skip: suite.skip }, async () => {
  const { served } = suite;
  const { page, problems } = await openDashboard(suite.browser, served.url, DESKTOP);
  // Real transitions: flaky crashes a few times, then (marker gone) stays up; worker is stopped by the user.
  await page.locator('[data-service="flaky"] .badge[data-tone="down"]').first().waitFor({ timeout: 10_000 });
  rmSync(marker);
  // Its backoff may be long by now (a loaded machine lets it crash more often): restart it, as a user would.
  assert.equal(served.cli(['restart', 'flaky']).code, 0);
  await page.locator('[data-service="flaky"] .badge[data-tone="up"]').waitFor({ timeout: 15_000 });
  assert.equal(served.cli(['stop', 'worker']).code, 0);
  await page.locator('[data-service="worker"] .badge[data-state="stopped"]').waitFor({ timeout: 10_000 });

  await page.locator('[data-service="flaky"]').click();
  const strip = page.locator('.availability .strip');
  await strip.waitFor();
  // Keyboard: the strip is one tab stop; End goes to the newest segment, ← to the ones before.
  await page.locator('.availability button.strip-seg[tabindex="0"]').focus();
  await page.keyboard.press('End');
  const detail = page.locator('.strip-detail');
  await waitFor(async () => {
    const text = (await detail.textContent()) ?? '';
    return /^Up from .* to now/.test(text) ? text : undefined;
  }, 'the newest segment described').catch(async (error: Error) => assert.fail(`${error.message}; the detail says ${JSON.stringify(await detail.textContent())}`));
  const kinds: string[] = [];
  const reasons: string[] = [];
  for (let i = 0; i < 80; i += 1) {
    const focused = page.locator('.availability button.strip-seg:focus');
    kinds.push((await focused.getAttribute('data-kind')) ?? '?');
    reasons.push((await detail.textContent()) ?? '');
    if (kinds[kinds.length - 1] === 'unknown') break;
    await page.keyboard.press('ArrowLeft');
  }
  assert.ok(kinds.includes('down'), `a down segment from the real crashes: ${kinds.join(', ')}`);
  assert.ok(reasons.some((r) => /Down from .* — exited with code 1/.test(r)), `it says why: ${reasons.join(' | ')}`);
  assert.equal(kinds[kinds.length - 1], 'unknown', 'before this engine there is no history for flaky');
  const uptime = await page.locator('.availability .strip-uptime').textContent();
  assert.match(uptime ?? '', /^\d{1,3}\.\d% up$/, 'a crash loop is not 100%');


  // The worker's stop is its own colour, and the list shows a compact strip for every service.
  await page.locator('[data-service="worker"]').click();
  await page.locator('.availability button.strip-seg[data-kind="stopped"][aria-label*="stopped by user"]').waitFor();
  assert.equal(await page.locator('.service-list .strip-line.compact').count(), 3);
  assert.match((await page.locator('[data-service="worker"] .strip-line.compact').getAttribute('aria-label')) ?? '', /^Availability over the last 24 hours: \d+(\.\d)?% up$/);

  // 24 h / 7 d.
  await page.locator('[data-service="api"]').click();
  // Hover says what focus says (this engine's seconds are slivers on a day; yesterday's stretches are wide).
  await page.locator('.availability button.strip-seg[data-kind="degraded"]').first().hover();
  assert.match((await detail.textContent()) ?? '', /^Degraded from .* to .* \(30m 0s\) — unhealthy: connect ECONNREFUSED/);
  await page.locator('.availability button.strip-seg[data-kind="offline"]').first().hover();
  assert.match((await detail.textContent()) ?? '', /^Upkeep not running from .* \(5h 0m\) — Upkeep stopped$/);
  const week = page.getByRole('button', { name: '7 d' });
  await week.click();
  assert.equal(await week.getAttribute('aria-pressed'), 'true');
  assert.match((await strip.getAttribute('aria-label')) ?? '', /last 7 days/);
  assert.ok((await page.locator('.availability button.strip-seg[data-kind="offline"]').count()) >= 1, "yesterday's Upkeep-not-running stretch");
  assert.deepEqual(problems, []);
  await page.close();
});

test('sparklines: CPU and memory of the tree fill in while the window looks', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  await page.locator('[data-service="api"]').click();
  await page.locator('.spark[data-metric="memory"] path.spark-line').first().waitFor({ timeout: 15_000 });
  // Two samples at least, so there is a line, not only a tick.
  await waitFor(async () => {
    const d = await page.locator('.spark[data-metric="cpu"] path.spark-line').last().getAttribute('d');
    return d && d.includes('L') ? d : undefined;
  }, 'a line of samples', 15_000);
  assert.match((await page.locator('.spark[data-metric="memory"] .spark-value').textContent()) ?? '', /^\d+(\.\d)? MiB$/);
  assert.match((await page.locator('.spark[data-metric="cpu"] svg').getAttribute('aria-label')) ?? '', /^CPU over the last 10 minutes: now \d/);
  await screenshot(page, 'glance-sparklines-desktop-light');
  assert.deepEqual(problems, []);
  await page.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the log shows where each run began and ended as separators, and arrival times on request (${colorScheme})`, { skip: suite.skip }, async () => {
    const { page, problems } = await openDashboard(suite.browser, suite.served.url, { ...DESKTOP, colorScheme });
    await page.locator('[data-service="flaky"]').click();
    const log = page.getByRole('log', { name: 'flaky log lines' });
    await log.locator('.log-marker-started').first().waitFor({ timeout: 10_000 });
    const separators = log.getByRole('separator');
    assert.ok((await separators.count()) >= 3, 'its crash loop: starts and exits');
    assert.match((await log.locator('.log-marker-exited').first().getAttribute('aria-label')) ?? '', /^exited code 1 after \d+(\.\d)? s, \d{4}-\d\d-\d\d/);
    assert.match((await log.locator('.log-marker-started').nth(1).textContent()) ?? '', /^started pid \d+ \(restart 1 after code 1\)/);

    const toggle = page.getByRole('button', { name: 'Arrival times' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.match((await page.locator('.log-note').textContent()) ?? '', /arrival times: when Upkeep read each line, not when the service wrote it/);
    appendFileSync(path.join(suite.served.home, 'logs', 'flaky.log'), `arrived ${colorScheme}\n`);
    const arrived = log.locator('.log-line', { hasText: `arrived ${colorScheme}` });
    await arrived.waitFor({ timeout: 5_000 });
    assert.match((await arrived.locator('.log-time').textContent()) ?? '', /^\d\d:\d\d:\d\d/);
    assert.equal(await log.locator('.log-line').first().locator('.log-time').textContent(), '', 'a line from the tail has no arrival time');
    await page.locator('.log-scroll').scrollIntoViewIfNeeded();
    await screenshot(page, `glance-log-separators-desktop-${colorScheme}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const [label, viewport] of [['desktop', DESKTOP], ['narrow', NARROW]] as const) {
    test(`screenshot: the availability strip, ${label} ${colorScheme}`, { skip: suite.skip }, async () => {
      const { page, problems } = await openDashboard(suite.browser, suite.served.url, { ...viewport, colorScheme });
      await page.locator('[data-service="api"]').click();
      await page.locator('.availability button.strip-seg[data-kind="offline"]').first().waitFor();
      // Focus (not hover): the detail line stays while the page scrolls the panel into view.
      await page.locator('.availability button.strip-seg[data-kind="degraded"]').first().focus();
      await page.locator('.strip-detail strong').waitFor();
      await page.locator('.availability-panel').scrollIntoViewIfNeeded();
      await screenshot(page, `glance-strip-${label}-${colorScheme}`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
}
