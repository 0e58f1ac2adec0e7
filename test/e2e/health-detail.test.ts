/** The window with a service whose /health names a down component: the row says which, the detail lists conditions and components. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixture } from '../support/engine.ts';
import { DESKTOP, openDashboard, screenshot, serveForSuite } from './harness.ts';
import { freePort } from '../support/ports.ts';

const suite = serveForSuite(async (cleanup) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upkeep-e2e-health-'));
  cleanup(() => rm(dir, { recursive: true, force: true }));
  const stateFile = path.join(dir, 'state');
  await writeFile(stateFile, 'degraded');
  return [
    {
      name: 'runner',
      command: [process.execPath, fixture('health-server.mjs'), stateFile],
      port: await freePort(),
      health: {
        kind: 'http',
        url: 'http://127.0.0.1:{port}/health',
        json: [
          { path: 'overall_status', equals: 'operational' },
          { path: 'components.runner', equals: 'up' },
        ],
        intervalMs: 300,
        startGraceMs: 0,
        failureThreshold: 1,
      },
      restartOnUnhealthy: false,
    },
  ];
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`an unhealthy service in ${colorScheme}: the row and the detail name the failing component`, { skip: suite.skip }, async () => {
    const { page, problems } = await openDashboard(suite.browser, suite.served.url, { ...DESKTOP, colorScheme });
    const why = page.locator('[data-service="runner"] .row-health-why');
    await why.filter({ hasText: 'components.runner' }).waitFor({ timeout: 15_000 });
    assert.equal(await why.textContent(), 'overall_status is "degraded", expected "operational"; components.runner is "down", expected "up"');
    await page.locator('[data-service="runner"]').click();
    const panel = page.locator('.health-detail.failing');
    await panel.waitFor({ timeout: 5_000 });
    assert.match((await panel.locator('.health-summary').textContent()) ?? '', /Check failing: .*HTTP 200/);
    assert.equal(await panel.locator('.health-conditions .bad').count(), 2);
    assert.equal(await panel.locator('.health-components .bad dt').allTextContents().then((t) => t.join(',')), 'overall_status,components.runner');
    await screenshot(page, `health-detail-${colorScheme}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
