import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, httpServiceCommand, NARROW, openDashboard, rowBadge, screenshot, serveForSuite, startSquatter } from './harness.ts';
import { freePort } from '../support/ports.ts';
import { isAlive } from '../support/processes.ts';
import { waitFor } from '../support/wait.ts';

let port = 0;
let squatter = 0;
const suite = serveForSuite(async (cleanup) => {
  port = await freePort();
  // The stranger sits on the service's port before the engine starts.
  squatter = await startSquatter(port, cleanup);
  return [
    {
      name: 'web',
      command: httpServiceCommand(),
      port,
      portEnv: 'PORT',
      health: { kind: 'http', url: 'http://127.0.0.1:{port}/health', json: { path: 'overall_status', equals: 'operational' }, intervalMs: 500, startGraceMs: 0 },
    },
  ];
});

test('a foreign process on the port → conflict panel → "Use N" → healthy on N, the stranger untouched', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  const panel = page.locator('.conflict');
  await panel.waitFor({ timeout: 15_000 });
  assert.equal(await rowBadge(page, 'web').getAttribute('data-tone'), 'down');
  assert.match((await panel.textContent()) ?? '', new RegExp(`Port ${port} is taken`));
  assert.match((await panel.textContent()) ?? '', new RegExp(`pid ${squatter}`));
  // A stranger is never offered for stopping.
  assert.equal(await panel.getByRole('button', { name: 'Stop it' }).count(), 0);
  await screenshot(page, 'conflict-desktop-light');

  const narrow = await openDashboard(suite.browser, suite.served.url, { ...NARROW, colorScheme: 'dark' });
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
  const health = await waitFor(async () => {
    const res = await fetch(`http://127.0.0.1:${next}/health`);
    return res.ok ? ((await res.json()) as { overall_status: string }) : undefined;
  }, 'the service answering on its new port');
  assert.equal(health.overall_status, 'operational');
  assert.ok(isAlive(squatter), 'the foreign process must survive');
  await screenshot(page, 'conflict-desktop-light-moved');
  assert.deepEqual(problems, []);
  await page.close();
});
