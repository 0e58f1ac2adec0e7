import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP, httpServiceCommand, openDashboard, screenshot, serveForSuite } from './harness.ts';
import { freePort } from '../support/ports.ts';

const suite = serveForSuite(async () => [{ name: 'api', command: httpServiceCommand(), port: await freePort() }]);

test('a hand edit that breaks config.json shows in the window, names the field, and goes away once fixed', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  await page.locator('[data-service="api"] .badge[data-tone="up"]').waitFor({ timeout: 15_000 });
  const file = path.join(suite.served.home, 'config.json');
  const good = await readFile(file, 'utf8');
  const config = JSON.parse(good) as { services: Array<Record<string, unknown>> };
  config.services[0]!.restart = 'sometimes';
  await writeFile(file, JSON.stringify(config, null, 2));

  const banner = page.locator('.banner-error', { hasText: 'config.json has an error' });
  await banner.waitFor({ timeout: 5_000 });
  assert.match((await banner.textContent()) ?? '', /service "api" \(services\.0\): restart: /);
  await page.locator('[data-service="api"]').click();
  await screenshot(page, 'window-desktop-light-config-error');
  assert.equal(await page.locator('[data-service="api"] .badge').getAttribute('data-tone'), 'up', 'the running definition stays');

  await writeFile(file, good);
  await banner.waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(problems, []);
  await page.close();
});
