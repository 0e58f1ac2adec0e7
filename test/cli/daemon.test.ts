/** `upkeep daemon` as a real child process, driven by the CLI over the control socket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import type { ServiceStatus } from '../../app/api.ts';
import { connectControl } from '../../app/control/client.ts';
import { ENGINE_ENV, ENGINE_V8_FLAGS } from '../../app/cli/engine-flags.ts';
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

/** A port nothing listens on right now (the OS picks it), so the test does not collide with the machine. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
  // Re-executed in place with its memory flags and malloc setting (same pid), where Node can (process.execve, Node ≥ 22.15).
  const reexecuted = typeof (process as { execve?: unknown }).execve === 'function';
  const argv = fs.readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8').split('\0');
  for (const flag of ENGINE_V8_FLAGS) assert.equal(argv.includes(flag), reexecuted, argv.join(' '));
  const environOf = (pid: number): string[] => fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  for (const [name, value] of Object.entries(ENGINE_ENV)) assert.equal(environOf(daemon.pid).includes(`${name}=${value}`), reexecuted, name);
  if (process.platform !== 'win32') assert.equal(fs.statSync(dataPaths(home).socket).mode & 0o777, 0o600);

  const port = await freePort();
  const added = await runCli(home, ['add', 'web', '--port', String(port), '--', process.execPath, fixture('forever.mjs')]);
  assert.equal(added.code, 0, added.stderr);
  const startedPid = await waitFor(runningPid(home, 'web'), 'web to be running under the daemon');
  servicePids.push(startedPid);
  assert.ok(isAlive(startedPid));
  // The engine's malloc setting is its own: the service gets the environment the daemon was started with.
  assert.deepEqual(environOf(startedPid).filter((entry) => /^(MALLOC_ARENA_MAX|UPKEEP_ENGINE_ADDED_ENV)=/.test(entry)), []);

  const json = await runCli(home, ['status', '--json']);
  assert.equal(json.stderr, '', 'an engine answered, so no "no engine" note');
  const [web] = JSON.parse(json.stdout) as ServiceStatus[];
  assert.ok(web);
  assert.equal(typeof web.restarts, 'number');
  assert.equal(typeof web.uptimeMs, 'number');
  assert.equal(web.port, port);
  assert.ok(web.lastExit === null || typeof web.lastExit.at === 'number');

  const table = await runCli(home, ['status']);
  assert.match(table.stdout, new RegExp(`^up\\s+1 service · engine pid ${daemon.pid}`));
  assert.match(table.stdout, new RegExp(`^web\\s+running\\s+-\\s+${startedPid}\\s+${port}\\s`, 'm'));

  // Reassign the port: the service restarts there, status shows both ports, reset goes back.
  const otherPort = await freePort();
  const moved = await runCli(home, ['port', 'web', String(otherPort)]);
  assert.equal(moved.code, 0, moved.stderr);
  const movedPid = await waitFor(async () => {
    const s = await statusOf(home, 'web');
    return s?.state === 'running' && s.port === otherPort && s.configuredPort === port && s.pid;
  }, `web running on ${otherPort}`);
  servicePids.push(movedPid);
  assert.equal((await runCli(home, ['port', 'web'])).stdout, `web: port ${otherPort} (configured ${port})\n`);
  assert.match((await runCli(home, ['status'])).stdout, new RegExp(`^web\\s+running.*\\s${otherPort} \\(set ${port}\\)\\s`, 'm'));
  assert.equal((await runCli(home, ['port', 'web', '--reset'])).code, 0);
  const firstPid = await waitFor(async () => {
    const s = await statusOf(home, 'web');
    return s?.state === 'running' && s.port === port && s.pid;
  }, `web back on ${port}`);
  servicePids.push(firstPid);

  // Remove through the engine: the service is stopped and gone from config.
  assert.equal((await runCli(home, ['add', 'scratch', '--', process.execPath, fixture('forever.mjs')])).code, 0);
  const scratchPid = await waitFor(runningPid(home, 'scratch'), 'scratch running');
  servicePids.push(scratchPid);
  const removed = await runCli(home, ['remove', 'scratch']);
  assert.equal(removed.code, 0, removed.stderr);
  await waitFor(() => !isAlive(scratchPid), 'the removed service to be stopped');
  assert.equal(await statusOf(home, 'scratch'), undefined);
  assert.doesNotMatch(fs.readFileSync(dataPaths(home).config, 'utf8'), /scratch/);

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
