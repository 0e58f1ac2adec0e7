import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { serveDashboard, type Dashboard } from '../../app/dashboard/server.ts';
import { dataPaths } from '../../app/paths.ts';
import type { Finding } from '../../app/rivals/finding.ts';
import { buildPlan } from '../../app/takeover/plan.ts';
import type { HandlerContext } from '../../app/takeover/rival-handler.ts';
import { FakeEngine } from '../dashboard/fake-engine.ts';
import { DESKTOP, ROOT, launchBrowser, openDashboard, screenshot, skipReason } from './harness.ts';

// The conflict panel and its confirmation, against the fake engine: the plan shown is one the real planner built.
const skip = skipReason() ?? false;
let tmp: string;
let engine: FakeEngine;
let dashboard: Dashboard;
let browser: Browser;

const spec = { name: 'ghost', command: ['python3', 'ghost.py'], cwd: '/home/me/ghost', port: 5555 };
const finding: Finding = {
  service: 'ghost',
  kind: 'pm2',
  pid: 31200,
  copyPid: 31341,
  evidence: 'pm2 app ghost, id 0 (PM2_HOME /home/me/.pm2)',
  respawns: true,
  fix: 'pm2 delete ghost, then pm2 save',
  scope: 'user',
  commands: [],
  locator: { kind: 'pm2', pm2Home: '/home/me/.pm2', app: 'ghost', pmId: 0, pm2Bin: null },
  definition: null,
};

before(async () => {
  if (skip) return;
  tmp = await mkdtemp(path.join(os.tmpdir(), 'upkeep-takeover-ui-'));
  engine = new FakeEngine();
  engine.put(spec, 'blocked', {
    reason: 'port 5555 is taken by python3 (pid 31341, run by PM2 (app ghost, id 0))',
    problem: {
      kind: 'port-conflict',
      port: 5555,
      owner: { pid: 31341, command: 'python3 ghost.py', class: 'supervised', supervisor: 'pm2', via: 'app ghost, id 0' },
      nextFreePort: 5556,
    },
  });
  const ctx = { paths: dataPaths(path.join(tmp, 'Upkeep')), service: 'ghost' } as HandlerContext;
  engine.plans.set('ghost', buildPlan({ service: 'ghost', existing: spec, findings: [finding] }, ctx));
  dashboard = await serveDashboard(engine, { rendererDir: path.join(ROOT, 'dist', 'renderer') });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await dashboard?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('a port held by PM2: "Held by PM2 (app ghost, id 0)" with Take over, the plan in a confirmation, acting only on confirm', { skip }, async () => {
  const { page, problems } = await openDashboard(browser, dashboard.url, DESKTOP);
  await page.locator('[data-service="ghost"]').click();
  const panel = page.locator('.conflict');
  await panel.waitFor();
  assert.match((await panel.textContent()) ?? '', /Held by PM2 \(app ghost, id 0\): python3, pid 31341/);
  assert.equal(await panel.getByRole('button', { name: 'Stop it' }).count(), 0, 'a supervised copy is never offered Stop it');
  await screenshot(page, 'takeover-conflict');

  await panel.getByRole('button', { name: 'Take over' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take over ghost?' });
  await dialog.waitFor();
  const text = (await dialog.textContent()) ?? '';
  assert.match(text, /PM2_HOME=\/home\/me\/\.pm2 pm2 delete ghost/);
  assert.match(text, /PM2_HOME=\/home\/me\/\.pm2 pm2 save --force/);
  assert.match(text, /\/home\/me\/\.pm2\/dump\.pm2/);
  assert.ok(!engine.calls.includes('takeover'), 'showing the plan does nothing');
  await screenshot(page, 'takeover-confirm');

  await dialog.getByRole('button', { name: 'Take over' }).click();
  await page.locator('.conflict').waitFor({ state: 'detached' });
  assert.ok(engine.calls.includes('takeover'));
  assert.deepEqual(problems, []);
  await page.close();
});
