import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { alive, DESKTOP, freePort, httpServiceCommand, launchBrowser, NARROW, openDashboard, rowBadge, screenshot, skipReason, startServe, until, type Served } from './harness.ts';

const skip = skipReason();
let served: Served;
let browser: Browser;
let squatter: ChildProcess;
let port: number;

before(async () => {
  if (skip) return;
  port = await freePort();
  // A process Upkeep did not start sits on the service's port before the engine starts.
  squatter = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve) => squatter.stdout!.once('data', () => resolve()));
  served = await startServe([
    {
      name: 'web',
      command: httpServiceCommand(),
      port,
      portEnv: 'PORT',
      health: { kind: 'http', url: 'http://127.0.0.1:{port}/health', json: { path: 'overall_status', equals: 'operational' }, intervalMs: 500, startGraceMs: 0 },
    },
  ]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await served?.stop();
  if (squatter?.pid && alive(squatter.pid)) squatter.kill('SIGKILL');
});

test('a foreign process on the port → conflict panel → "Use N" → healthy on N, the stranger untouched', { skip: skip ?? false }, async () => {
  const { page, problems } = await openDashboard(browser, served.url, DESKTOP);
  const panel = page.locator('.conflict');
  await panel.waitFor({ timeout: 15_000 });
  assert.equal(await rowBadge(page, 'web').getAttribute('data-tone'), 'down');
  assert.match((await panel.textContent()) ?? '', new RegExp(`Port ${port} is taken`));
  assert.match((await panel.textContent()) ?? '', new RegExp(`pid ${squatter.pid}`));
  // A stranger is never offered for stopping.
  assert.equal(await panel.getByRole('button', { name: 'Stop it' }).count(), 0);
  await screenshot(page, 'conflict-desktop-light');

  const narrow = await openDashboard(browser, served.url, { ...NARROW, colorScheme: 'dark' });
  await narrow.page.locator('.conflict').waitFor({ timeout: 10_000 });
  await screenshot(narrow.page, 'conflict-narrow-dark');
  await narrow.page.close();

  const use = panel.getByRole('button', { name: /^Use \d+$/ });
  const next = Number(/\d+/.exec((await use.textContent()) ?? '')?.[0]);
  assert.ok(next > 0 && next !== port, `next free port ${next}`);
  await use.click();

  await page.waitForFunction(
    (n) => {
      const row = document.querySelector('[data-service="web"]');
      return row?.querySelector('.badge')?.getAttribute('data-tone') === 'up' && row.textContent?.includes(`:${n}`) && row.textContent.includes('healthy');
    },
    next,
    { timeout: 20_000 },
  );
  assert.equal(await page.locator('.conflict').count(), 0);
  assert.match((await page.locator('[data-service="web"] .fact-port').textContent()) ?? '', new RegExp(`:${next}.*was ${port}`));
  const health = await until('the service answering on its new port', async () => {
    const res = await fetch(`http://127.0.0.1:${next}/health`);
    return res.ok ? ((await res.json()) as { overall_status: string }) : undefined;
  });
  assert.equal(health.overall_status, 'operational');
  assert.ok(squatter.pid && alive(squatter.pid), 'the foreign process must survive');
  await screenshot(page, 'conflict-desktop-light-moved');
  assert.deepEqual(problems, []);
  await page.close();
});
