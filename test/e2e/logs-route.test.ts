import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, httpServiceCommand, openDashboard, serveForSuite } from './harness.ts';
import { freePort } from '../support/ports.ts';

const suite = serveForSuite(async () => [
  { name: 'alpha', command: httpServiceCommand(), port: await freePort() },
  { name: 'beta', command: httpServiceCommand(), port: await freePort() },
]);

test("the tray's Logs item (#logs/<name>) selects that service and shows its logs, also when only the hash changes", { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  await page.getByRole('heading', { level: 2, name: 'alpha' }).waitFor({ timeout: 15_000 });
  await page.getByRole('tab', { name: 'History' }).click();

  await page.evaluate(() => {
    window.location.hash = '#logs/beta';
  });
  await page.getByRole('heading', { level: 2, name: 'beta' }).waitFor({ timeout: 5_000 });
  await page.getByRole('log', { name: 'beta log lines' }).waitFor({ timeout: 5_000 });

  // Back to alpha's history, then the same kind of visit again for alpha.
  await page.getByRole('button', { name: /^alpha/ }).first().click();
  await page.getByRole('tab', { name: 'History' }).click();
  await page.evaluate(() => {
    window.location.hash = '#logs/alpha';
  });
  await page.getByRole('log', { name: 'alpha log lines' }).waitFor({ timeout: 5_000 });
  assert.deepEqual(problems, []);
  await page.close();
});
