import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { engineWith, fixture, nodeFixture, uniqueName } from '../support/engine.ts';
import { nextServiceEvent, waitFor } from '../support/wait.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { canConnect, foreignHolder, freePort } from '../support/ports.ts';
import { dataPaths } from '../../app/paths.ts';
import { readRunState } from '../../app/registry/run-state.ts';
import { ApiError } from '../../app/api.ts';

const fastHealth = (port: string) => ({
  kind: 'http' as const,
  url: `http://127.0.0.1:${port}/health`,
  json: { path: 'overall_status', equals: 'operational' },
  intervalMs: 150,
  timeoutMs: 300,
  // A success ends the grace at once; failures before the server listens do not count.
  startGraceMs: 2_000,
  failureThreshold: 2,
});

test('a port held by a stranger blocks the service, names the owner, and the stranger survives every command', async (t) => {
  const port = await freePort();
  const stranger = await foreignHolder(t, port);
  const { engine } = await engineWith(t, [{ name: 'web', command: nodeFixture('health-server.mjs'), port }]);

  const blocked = await waitFor(async () => {
    const s = (await engine.list({})).services[0]!;
    return s.state === 'blocked' && s;
  }, 'blocked');
  assert.equal(blocked.problem?.kind, 'port-conflict');
  if (blocked.problem?.kind !== 'port-conflict') return;
  assert.equal(blocked.problem.owner?.pid, stranger.pid);
  assert.equal(blocked.problem.owner?.class, 'stranger');
  assert.match(blocked.problem.owner?.command ?? '', /health-server\.mjs/);
  assert.ok(blocked.problem.nextFreePort && blocked.problem.nextFreePort > port);
  assert.match(blocked.reason, new RegExp(`port ${port} is taken by .*pid ${stranger.pid}`));

  await engine.start({ name: 'web' });
  await engine.restart({ name: 'web' });
  const restore = await engine.restore({ name: 'web' });
  assert.ok(restore.steps.some((s) => /left alone/.test(s)), restore.steps.join('\n'));
  await assert.rejects(engine.stopPortOwner({ name: 'web' }), (e: unknown) => e instanceof ApiError && /stops only stale copies/.test(e.message));
  await engine.stop({ name: 'web' });
  assert.ok(isAlive(stranger.pid!), 'the stranger is still alive');
  assert.ok(await canConnect(port));
});

test('port --auto moves the service to the next free port, carried by its env var, saved, and healthy there', async (t) => {
  const port = await freePort();
  await foreignHolder(t, port);
  const { engine, dataDir } = await engineWith(t, [
    { name: 'runner', command: nodeFixture('health-server.mjs'), port, portEnv: 'PORT', health: fastHealth('{port}') },
  ]);
  await waitFor(async () => (await engine.list({})).services[0]!.state === 'blocked', 'blocked');

  const healthy = nextServiceEvent(engine, (e) => e.status.health === 'healthy', 'healthy on the new port');
  const result = await engine.setPort({ name: 'runner', auto: true });
  const status = (await healthy).status;
  assert.ok(status.port !== null && status.port > port, `moved to ${status.port}`);
  assert.equal(status.configuredPort, port);
  assert.equal(status.state, 'running');
  assert.ok(result.steps.some((s) => s.includes(`port ${port} → ${status.port}`)), result.steps.join('\n'));
  const log = readFileSync(status.logPath, 'utf8');
  assert.match(log, new RegExp(`listening on ${status.port} `), 'the service got the port through PORT');
  // Run state, not definition: config.json keeps what the person wrote.
  const saved = JSON.parse(readFileSync(dataPaths(dataDir).config, 'utf8')) as { services: Array<Record<string, unknown>> };
  assert.equal(saved.services[0]!.port, port);
  assert.equal('assignedPort' in saved.services[0]!, false);
  assert.equal(readRunState(dataPaths(dataDir), 'runner').state.assignedPort, status.port);

  await engine.setPort({ name: 'runner', reset: true });
  const back = (await engine.list({})).services[0]!;
  assert.equal(back.port, port);
});

test('onPortConflict reassign moves by itself; stop-stale never touches a stranger', async (t) => {
  const port = await freePort();
  const stranger = await foreignHolder(t, port);
  const { engine } = await engineWith(t, [
    { name: 'mover', command: nodeFixture('health-server.mjs'), port, onPortConflict: 'reassign' },
    { name: 'careful', command: nodeFixture('health-server.mjs'), port, onPortConflict: 'stop-stale' },
  ]);
  await waitFor(async () => {
    const [mover, careful] = (await engine.list({})).services;
    return mover!.state === 'running' && mover!.port !== port && careful!.state === 'blocked';
  }, 'mover moved, careful blocked');
  assert.ok(isAlive(stranger.pid!));
});

test('a stale copy of the service on its port: restore stops it and starts ours', async (t) => {
  const port = await freePort();
  const name = uniqueName('stale');
  const command = nodeFixture('health-server.mjs');
  const { engine, dataDir } = await engineWith(t, [{ name, command, port, autostart: false }]);
  // The same command in the same cwd, started by "an old watchdog".
  const stale = spawn(command[0]!, command.slice(1), { cwd: dataDir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  killAtEnd(t, () => [stale.pid]);
  await waitFor(() => canConnect(port), 'stale copy listening');

  const blocked = await engine.start({ name });
  const problem = blocked.services[0]!.problem;
  assert.equal(problem?.kind === 'port-conflict' && problem.owner?.class, 'stale-copy');

  const restored = await engine.restore({ name });
  assert.ok(restored.steps.some((s) => s.includes(`pid ${stale.pid}`)), restored.steps.join('\n'));
  await waitFor(() => !isAlive(stale.pid!), 'stale copy gone');
  const status = (await engine.list({})).services[0]!;
  assert.equal(status.state, 'running');
  assert.notEqual(status.pid, stale.pid);
});

test('a duplicate started by hand is listed, and restore stops it and leaves ours', async (t) => {
  const name = uniqueName('dup');
  const command = nodeFixture('forever.mjs');
  const { engine, dataDir } = await engineWith(t, [{ name, command }]);
  const ours = await waitFor(async () => (await engine.list({})).services[0]!.pid, 'ours running');
  const dup = spawn(command[0]!, command.slice(1), { cwd: dataDir, stdio: 'ignore' });
  killAtEnd(t, () => [dup.pid]);
  await waitFor(() => dup.pid && isAlive(dup.pid), 'duplicate up');

  const listed = await waitFor(async () => {
    const s = (await engine.list({})).services[0]!;
    return s.duplicates.some((d) => d.pid === dup.pid) && s;
  }, 'duplicate listed', 10_000, 300);
  assert.ok(listed.duplicates.every((d) => d.pid !== ours));

  const restored = await engine.restore({ name });
  assert.ok(restored.steps.some((s) => s.includes(`stopped duplicate pid ${dup.pid}`)), restored.steps.join('\n'));
  await waitFor(() => !isAlive(dup.pid!), 'duplicate stopped');
  assert.ok(isAlive(ours));
  assert.equal((await engine.list({})).services[0]!.pid, ours);
});

test('an http check whose JSON field flips makes the service unhealthy, and it is restarted', async (t) => {
  const port = await freePort();
  const { engine, dataDir } = await engineWith(t, [
    { name: 'flippy', command: [process.execPath, fixture('health-server.mjs'), 'state'], port, health: fastHealth('{port}') },
  ]);
  const first = await waitFor(async () => {
    const s = (await engine.list({})).services[0]!;
    return s.health === 'healthy' && s;
  }, 'healthy');
  const { writeFileSync } = await import('node:fs');
  const unhealthy = nextServiceEvent(engine, (e) => e.status.health === 'unhealthy', 'unhealthy');
  const restarted = nextServiceEvent(engine, (e) => e.status.state === 'running' && e.status.pid !== first.pid, 'restart', 15_000);
  writeFileSync(`${dataDir}/state`, 'degraded');
  const flip = await unhealthy;
  assert.match(flip.status.reason, /overall_status/);
  const again = await restarted;
  assert.notEqual(again.status.pid, first.pid);
  const history = await engine.history({ name: 'flippy' });
  assert.ok(history.entries.some((e) => /restarted: unhealthy/.test(e.reason)));
});

test('a hanging health endpoint turns unhealthy within timeout × threshold and leaks no socket', async (t) => {
  const port = await freePort();
  const { engine, dataDir } = await engineWith(t, [
    {
      name: 'hangs',
      command: [process.execPath, fixture('health-server.mjs'), 'state'],
      port,
      health: { ...fastHealth('{port}'), intervalMs: 100, timeoutMs: 200, failureThreshold: 2 },
      restartOnUnhealthy: false,
    },
  ]);
  await waitFor(async () => (await engine.list({})).services[0]!.health === 'healthy', 'healthy');
  const { writeFileSync } = await import('node:fs');
  const started = Date.now();
  const unhealthy = nextServiceEvent(engine, (e) => e.status.health === 'unhealthy', 'unhealthy');
  writeFileSync(`${dataDir}/state`, 'hang');
  await unhealthy;
  const took = Date.now() - started;
  // 2 checks × (100 ms interval + 200 ms timeout), plus slack for a busy machine.
  assert.ok(took < 2 * 300 + 1_500, `unhealthy after ${took} ms`);

  // Every timed-out check closed its socket: the engine holds no connection to the port.
  await waitFor(() => openConnectionsTo(port) === 0, 'no sockets left to the hanging port', 3_000);
});

/** Established TCP connections from this process's side to `port` (Linux /proc/net/tcp). */
function openConnectionsTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
    try {
      return readFileSync(file, 'utf8').split('\n').slice(1);
    } catch {
      return [];
    }
  });
  // remote address column ends with :PORT; state 01 = ESTABLISHED
  return rows.filter((row) => {
    const cols = row.trim().split(/\s+/);
    return cols[2]?.endsWith(`:${hex}`) && cols[3] === '01';
  }).length;
}
