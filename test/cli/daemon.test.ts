/** `upkeep daemon` as a real child process, driven by the CLI over the control socket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { ServiceStatus } from '../../app/api.ts';
import { connectControl } from '../../app/control/client.ts';
import { dataPaths } from '../../app/paths.ts';
import { fixture } from '../support/engine.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

async function statusOf(home: string, name: string): Promise<ServiceStatus | undefined> {
  const result = await runCli(home, ['status', '--json']);
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as ServiceStatus[]).find((s) => s.name === name);
}

const runningPid = (home: string, name: string) => async (): Promise<number | null> => {
  const status = await statusOf(home, name);
  return status?.state === 'running' && status.pid !== null ? status.pid : null;
};

test('daemon: add starts the service, status and restart go through it, a second daemon is refused, SIGTERM leaves services running', async (t) => {
  const home = tempHome(t);
  const servicePids: number[] = [];
  killAtEnd(t, () => servicePids);

  const daemon = new CliProcess(t, home, ['daemon']);
  const [, pid] = await daemon.waitForOutput(/upkeep engine running \(pid (\d+), data dir (.+)\)\n/);
  assert.equal(Number(pid), daemon.pid);
  if (process.platform !== 'win32') assert.equal(fs.statSync(dataPaths(home).socket).mode & 0o777, 0o600);

  const added = await runCli(home, ['add', 'web', '--port', '47310', '--', process.execPath, fixture('forever.mjs')]);
  assert.equal(added.code, 0, added.stderr);
  const firstPid = await waitFor(runningPid(home, 'web'), 'web to be running under the daemon');
  servicePids.push(firstPid);
  assert.ok(isAlive(firstPid));

  const json = await runCli(home, ['status', '--json']);
  assert.equal(json.stderr, '', 'an engine answered, so no "no engine" note');
  const [web] = JSON.parse(json.stdout) as ServiceStatus[];
  assert.ok(web);
  assert.equal(typeof web.restarts, 'number');
  assert.equal(typeof web.uptimeMs, 'number');
  assert.equal(web.port, 47310);
  assert.ok(web.lastExit === null || typeof web.lastExit.at === 'number');

  const table = await runCli(home, ['status']);
  assert.match(table.stdout, new RegExp(`^up\\s+1 service · engine pid ${daemon.pid}`));
  assert.match(table.stdout, new RegExp(`^web\\s+running\\s+-\\s+${firstPid}\\s+47310\\s`, 'm'));

  const restarted = await runCli(home, ['restart', 'web']);
  assert.equal(restarted.code, 0, restarted.stderr);
  const secondPid = await waitFor(async () => {
    const next = await runningPid(home, 'web')();
    return next !== null && next !== firstPid ? next : null;
  }, 'web to run again under a new pid');
  servicePids.push(secondPid);
  assert.ok(!isAlive(firstPid), 'the old copy is gone: one copy only');
  assert.ok(((await statusOf(home, 'web'))?.restarts ?? 0) >= 1);

  const unknown = await runCli(home, ['restart', 'ghost']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /ghost/);

  const second = await runCli(home, ['daemon']);
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`engine already running \\(pid ${daemon.pid}\\)`));

  daemon.child.kill('SIGTERM');
  assert.deepEqual(await daemon.exited, { code: 0, signal: null });
  assert.ok(isAlive(secondPid), 'the service outlives the daemon');

  // With no engine, status reads the run record and believes it: the pid's start time still matches.
  const offline = await runCli(home, ['status', '--json']);
  assert.match(offline.stderr, /no engine is running/);
  const left = (JSON.parse(offline.stdout) as ServiceStatus[])[0];
  assert.equal(left?.state, 'running');
  assert.equal(left?.pid, secondPid);

  // The next daemon adopts the same process, then a `shutdown` call that stops services ends it.
  const next = new CliProcess(t, home, ['daemon']);
  await next.waitForOutput(/upkeep engine running/);
  assert.equal(await waitFor(runningPid(home, 'web'), 'web adopted'), secondPid, 'adopted, not started twice');
  const client = await connectControl(dataPaths(home).socket);
  assert.deepEqual(await client.call('shutdown', { stopServices: true }), { ok: true });
  client.close();
  assert.deepEqual(await next.exited, { code: 0, signal: null });
  await waitFor(() => !isAlive(secondPid), 'shutdown with stopServices to stop the service');
});
