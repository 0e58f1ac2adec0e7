import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, httpServiceCommand, openDashboard, rowBadge, screenshot, serveForSuite } from './harness.ts';
import { freePort } from '../support/ports.ts';
import { waitFor } from '../support/wait.ts';

const suite = serveForSuite(async () => [{ name: 'api', command: httpServiceCommand(), port: await freePort(), restart: 'always' }]);

test('a killed service turns its row red, then green again with a new pid', { skip: suite.skip }, async () => {
  const { page, problems } = await openDashboard(suite.browser, suite.served.url, DESKTOP);
  const badge = rowBadge(page, 'api');
  await page.waitForFunction(() => document.querySelector('[data-service="api"] .badge')?.getAttribute('data-tone') === 'up', null, { timeout: 15_000 });

  // Every tone the badge shows, however briefly, recorded in the page itself.
  // A string, not a function: tsx's name helpers do not exist in the page.
  await page.evaluate(`(() => {
    const seen = [];
    window.seenTones = seen;
    new MutationObserver(() => {
      const tone = document.querySelector('[data-service="api"] .badge')?.getAttribute('data-tone');
      if (tone && seen[seen.length - 1] !== tone) seen.push(tone);
    }).observe(document.body, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-tone'] });
  })()`);

  const pidOf = async (): Promise<number | undefined> => {
    const text = await page.locator('[data-service="api"] .fact-pid').textContent({ timeout: 1000 }).catch(() => null);
    const match = /pid (\d+)/.exec(text ?? '');
    return match ? Number(match[1]) : undefined;
  };
  const first = await waitFor(pidOf, 'the first pid');
  // The first crash is restarted at once; the second one within the window waits (backoff), long enough to be seen.
  process.kill(first, 'SIGKILL');
  const second = await waitFor(async () => {
    const pid = await pidOf();
    return pid !== undefined && pid !== first ? pid : undefined;
  }, 'a restarted pid');
  process.kill(second, 'SIGKILL');

  await page.waitForFunction(() => document.querySelector('[data-service="api"] .badge')?.getAttribute('data-tone') === 'down', null, { timeout: 10_000 });
  assert.match((await badge.textContent()) ?? '', /Restarting|Failed/);
  await screenshot(page, 'crash-desktop-light-down');

  await page.waitForFunction(() => document.querySelector('[data-service="api"] .badge')?.getAttribute('data-tone') === 'up', null, { timeout: 15_000 });
  const third = await waitFor(async () => {
    const pid = await pidOf();
    return pid !== undefined && pid !== first && pid !== second ? pid : undefined;
  }, 'a third pid');
  assert.ok(third > 0);
  const seen = (await page.evaluate('window.seenTones')) as string[];
  assert.ok(seen.indexOf('down') >= 0 && seen.lastIndexOf('up') > seen.indexOf('down'), `tones seen: ${seen.join(' → ')}`);
  assert.match((await page.locator('[data-service="api"] .fact-restarts').textContent()) ?? '', /[2-9] restarts/);
  assert.match((await page.locator('[data-service="api"] .fact-exit').textContent()) ?? '', /SIGKILL/);
  await screenshot(page, 'crash-desktop-light-recovered');

  // The history tab tells the story: crashes with their signal.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history li').filter({ hasText: 'SIGKILL' }).first().waitFor({ timeout: 5000 });
  assert.deepEqual(problems, []);
  await page.close();
});
