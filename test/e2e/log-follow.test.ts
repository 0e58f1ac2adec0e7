import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP, httpServiceCommand, openDashboard, screenshot, serveForSuite } from './harness.ts';
import { freePort } from '../support/ports.ts';

let port: number;
const suite = serveForSuite(async () => {
  port = await freePort();
  return [{ name: 'api', command: httpServiceCommand(), port }];
});

test('a line the service logs while followed shows within a second, in colour, and the filter finds it', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, { ...DESKTOP, colorScheme: 'dark' });
  const log = page.getByRole('log', { name: 'api log lines' });
  await log.locator('.log-line', { hasText: 'ready on port' }).waitFor({ timeout: 15_000 });
  // The service printed "ready" in green (ANSI), and it shows as colour, not escape codes.
  assert.equal(await log.locator('.ansi-green-fg', { hasText: 'ready' }).count(), 1);
  assert.ok(!((await log.textContent()) ?? '').includes('\u001b['), 'raw escape codes shown');

  const marker = `/marker-${Date.now()}`;
  const started = Date.now();
  await fetch(`http://127.0.0.1:${port}${marker}`);
  await log.locator('.log-line', { hasText: `request ${marker}` }).waitFor({ timeout: 1_000 });
  const latency = Date.now() - started;
  assert.ok(latency < 1_000, `shown after ${latency} ms`);

  await page.getByRole('searchbox', { name: 'Filter log lines' }).fill('marker');
  await page.waitForFunction(() => document.querySelectorAll('.log-line').length === 1, null, { timeout: 5_000 });
  assert.equal(await log.locator('mark').textContent(), 'marker');
  await screenshot(page, 'logs-desktop-dark-filtered');
  await page.getByRole('searchbox', { name: 'Filter log lines' }).fill('');
  assert.deepEqual(problems, []);
  await page.close();
});

test('120k appended lines keep at most 100k, render only what is on screen, and stay at the end while following', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  const log = page.getByRole('log', { name: 'api log lines' });
  await log.locator('.log-line').first().waitFor({ timeout: 15_000 });
  const lines = Array.from({ length: 120_000 }, (_, i) => `bulk line ${i} \u001b[33mwarn\u001b[0m ${'x'.repeat(20)}`);
  await appendFile(path.join(suite.served.home, 'logs', 'api.log'), `${lines.join('\n')}\n`);

  await log.locator('.log-line', { hasText: 'bulk line 119999 ' }).waitFor({ timeout: 15_000 });
  const count = (await page.locator('.log-count').textContent()) ?? '';
  assert.match(count, /^100,000 lines · [\d,]+ older dropped$/);
  const rendered = await log.locator('.log-line').count();
  assert.ok(rendered < 150, `${rendered} rows in the DOM`);

  // Scrolling up pauses following: a new line does not yank the view back down.
  await log.hover();
  await page.mouse.wheel(0, -2000);
  await page.getByRole('button', { name: 'Follow', exact: true }).waitFor({ timeout: 2_000 });
  await appendFile(path.join(suite.served.home, 'logs', 'api.log'), 'after pause\n');
  await page.waitForFunction(() => /older dropped/.test(document.querySelector('.log-count')?.textContent ?? ''), null, { timeout: 5_000 });
  assert.equal(await log.locator('.log-line', { hasText: 'after pause' }).count(), 0);
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await log.locator('.log-line', { hasText: 'after pause' }).waitFor({ timeout: 2_000 });
  await screenshot(page, 'logs-desktop-light-100k');
  assert.deepEqual(problems, []);
  await page.close();
});
