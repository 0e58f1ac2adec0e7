/** `edit` and `reload` against a real daemon: restarts, reassigned ports, an invalid hand edit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { ServiceStatus } from '../../app/api.ts';
import { dataPaths } from '../../app/paths.ts';
import { fixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli, runCliOk } from './cli-process.ts';

test.before(assertBuilt);

test('against a daemon: edit saves and restarts, an invalid hand edit shows in status and makes reload exit 2', async (t) => {
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const pids: number[] = [];
  killAtEnd(t, () => pids);
  await runCliOk(home, ['add', 'web', '--', process.execPath, fixture('forever.mjs')]);
  const statusOf = async (): Promise<ServiceStatus | undefined> => (JSON.parse(await runCliOk(home, ['status', '--json'])) as ServiceStatus[]).find((s) => s.name === 'web');
  const first = await waitFor(async () => (await statusOf())?.pid, 'web running');
  pids.push(first);

  assert.match(await runCliOk(home, ['edit', 'web', '--env', 'EDITED=1']), /web: saved/);
  const second = await waitFor(async () => {
    const status = await statusOf();
    return status?.state === 'running' && status.pid !== first ? status.pid : null;
  }, 'web restarted with the new env');
  pids.push(second);
  assert.deepEqual((await statusOf())?.spec.env, { EDITED: '1' });
  assert.match(await runCliOk(home, ['edit', 'web', '--restart', 'on-failure']), /web: saved/);
  assert.equal((await statusOf())?.pid, second, 'a restart policy applies without a restart');

  const file = dataPaths(home).config;
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { services: Array<Record<string, unknown>> };
  config.services[0]!.maxProcesses = 'lots';
  const bad = JSON.stringify(config, null, 2);
  fs.writeFileSync(file, bad);
  const field = /config\.json: service "web" \(services\.0\): maxProcesses: .*expected number/;
  await waitFor(async () => field.test((await runCli(home, ['status'])).stderr), 'the error in the status header');
  const reload = await runCli(home, ['reload']);
  assert.equal(reload.code, 2);
  assert.match(reload.stderr, field);
  assert.match((await runCli(home, ['status'])).stdout, /maxProcesses/, 'the service row names the problem');
  assert.equal(fs.readFileSync(file, 'utf8'), bad);

  delete config.services[0]!.maxProcesses;
  fs.writeFileSync(file, JSON.stringify(config));
  assert.match(await runCliOk(home, ['reload']), /no changes/);
  assert.equal((await runCli(home, ['status'])).stderr, '');
});

test('against a daemon: edit --port N drops a reassigned port, so the service runs on N', async (t) => {
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const pids: Array<number | null | undefined> = [];
  killAtEnd(t, () => pids);
  const [configured, moved, next] = await Promise.all([freePort(), freePort(), freePort()]);
  await runCliOk(home, ['add', 'web', '--port', String(configured), '--', process.execPath, fixture('forever.mjs')]);
  const portOf = async (): Promise<number | null | undefined> => (JSON.parse(await runCliOk(home, ['status', '--json'])) as ServiceStatus[]).find((s) => s.name === 'web')?.port;
  await runCliOk(home, ['port', 'web', String(moved)]);
  assert.equal(await portOf(), moved);
  await runCliOk(home, ['edit', 'web', '--port', String(configured)]);
  assert.equal(await portOf(), configured, 'the same configured port given again: the reassignment is dropped');
  await runCliOk(home, ['port', 'web', String(moved)]);
  await runCliOk(home, ['edit', 'web', '--port', String(next)]);
  assert.equal(await portOf(), next);
  const status = (JSON.parse(await runCliOk(home, ['status', '--json'])) as ServiceStatus[])[0];
  pids.push(status?.pid);
  assert.equal(status?.configuredPort, next);
});
