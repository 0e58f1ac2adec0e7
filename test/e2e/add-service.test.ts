import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP, httpServiceCommand, openDashboard, rowBadge, screenshot, serveForSuite } from './harness.ts';
import { freePort } from '../support/ports.ts';
import { waitFor } from '../support/wait.ts';

const suite = serveForSuite(async () => [{ name: 'api', command: httpServiceCommand(), port: await freePort() }]);

test('adding a service through the form: the engine’s errors show beside their fields, then it runs', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  const script = path.join(suite.served.home, 'worker.mjs');
  await writeFile(script, "import http from 'node:http'; http.createServer((q, s) => s.end('ok')).listen(Number(process.env.WORKER_PORT), '127.0.0.1', () => console.log('worker up'));\n");
  const port = await freePort();

  await page.getByRole('button', { name: 'Add service' }).click();
  const form = page.getByRole('form', { name: 'New service' });
  await form.getByLabel('Name').fill('Worker!');
  await form.getByLabel('Command').fill(`${process.execPath} ${script}`);
  await form.getByLabel('Port', { exact: true }).fill('70000');
  await form.getByLabel('Port variable').fill('WORKER_PORT');
  await form.getByRole('button', { name: 'Add service' }).click();

  const portError = form.locator('[data-field="port"] .field-error');
  await portError.waitFor({ timeout: 5_000 });
  assert.match((await portError.textContent()) ?? '', /65535/);
  assert.match((await form.locator('[data-field="name"] .field-error').textContent()) ?? '', /a-z/);
  assert.equal(await form.getByLabel('Port', { exact: true }).getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'form-desktop-light-errors');
  assert.doesNotMatch(suite.served.cli(['status', '--json']).stdout, /worker/, 'nothing is saved while the form has errors');

  await form.getByLabel('Name').fill('worker');
  await form.getByLabel('Port', { exact: true }).fill(String(port));
  // Editing a field clears its error at once.
  assert.equal(await portError.count(), 0);
  await form.getByRole('button', { name: 'Add service' }).click();

  await rowBadge(page, 'worker').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('[data-service="worker"] .badge')?.getAttribute('data-tone') === 'up', null, { timeout: 15_000 });
  assert.equal(await page.locator('#detail-title').textContent(), 'worker');
  // No health check: "running" means the process is up, the port may still be a moment away.
  assert.equal(await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/`)).text(), 'the worker answering'), 'ok');
  const status = JSON.parse(suite.served.cli(['status', '--json']).stdout) as Array<{ name: string; port: number | null }>;
  assert.equal(status.find((s) => s.name === 'worker')?.port, port);
  assert.deepEqual(problems, []);
  await page.close();
});

test('settings say they belong to the desktop app when served to a browser', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, { ...DESKTOP, colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Settings' }).click();
  const startAtLogin = page.getByRole('checkbox', { name: 'Start at login' });
  await startAtLogin.waitFor({ timeout: 5_000 });
  assert.equal(await startAtLogin.isDisabled(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'Notifications' }).isDisabled(), true);
  assert.equal(await page.getByText('Unavailable here').count(), 2);
  await screenshot(page, 'settings-desktop-dark');
  assert.deepEqual(problems, []);
  await page.close();
});
