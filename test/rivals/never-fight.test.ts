import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiError, type Events } from '../../app/api.ts';
import { engineWith } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { pm2RunsGhost } from '../support/pm2.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { fakeMachine, ghostProject, type FakeMachine } from '../support/rivals.ts';
import { nextServiceEvent, waitFor } from '../support/wait.ts';

/** Detection on, through the fake machine; only our own PM2 daemons (others' tests run theirs on this machine). */
function rivalsOn(machine: FakeMachine, pm2Homes: string[] = []) {
  const seams = machine.seams();
  return { rivals: { root: machine.root, home: machine.home, run: seams.run, pm2Homes }, env: { ...process.env, PATH: machine.path } };
}

test('the seed case: PM2 runs the runner on its port; Upkeep calls it supervised by pm2 and Restore, Stop it and stop-stale leave its pid and restart count alone', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const port = await freePort();
  const pm2 = await pm2RunsGhost(t, project, port);
  const [before] = await pm2.jlist();

  const { engine } = await engineWith(
    t,
    [
      { name: 'ghost', command: ['python3', 'ghost.py'], cwd: project, port, portEnv: 'PORT' },
      { name: 'careful', command: ['python3', 'ghost.py'], cwd: project, port, portEnv: 'PORT', onPortConflict: 'stop-stale' },
    ],
    rivalsOn(machine, [pm2.home]),
  );
  const blocked = await waitFor(async () => {
    const s = (await engine.list({})).services.find((x) => x.name === 'ghost')!;
    return s.state === 'blocked' && s;
  }, 'ghost blocked', 30_000);
  assert.equal(blocked.problem?.kind, 'port-conflict');
  const owner = blocked.problem?.kind === 'port-conflict' ? blocked.problem.owner : null;
  assert.equal(owner?.pid, before!.pid);
  assert.equal(owner?.class, 'supervised');
  assert.equal(owner?.supervisor, 'pm2');
  assert.equal(owner?.via, 'app ghost, id 0');
  assert.match(blocked.reason, /run by PM2 \(app ghost, id 0\)/);

  const restored = await engine.restore({ name: 'ghost' });
  assert.ok(restored.steps.some((s) => /left alone, it would start it again; run "upkeep takeover ghost"/.test(s)), restored.steps.join('\n'));
  await assert.rejects(engine.stopPortOwner({ name: 'ghost' }), (e: unknown) => e instanceof ApiError && /run by PM2 \(app ghost, id 0\).*upkeep takeover ghost/.test(e.message));
  const careful = (await engine.list({})).services.find((x) => x.name === 'careful')!;
  assert.equal(careful.state, 'blocked', 'stop-stale did not stop what PM2 runs');

  const [after] = await pm2.jlist();
  assert.equal(after!.pid, before!.pid, "PM2's pid is untouched");
  assert.equal(after!.pm2_env.restart_time, before!.pm2_env.restart_time, "PM2's restart count is untouched");
  assert.ok(isAlive(before!.pid));

  const doctor = await engine.doctor({ name: 'ghost' });
  const finding = doctor.findings.find((f) => f.kind === 'pm2')!;
  assert.equal(finding.copyPid, before!.pid);
  assert.equal(finding.respawns, true);
  await assert.rejects(engine.doctor({ name: 'nosuch' }), (e: unknown) => e instanceof ApiError && e.code === 'not-found');
});

test('after upkeep stop, a looping watchdog script starts the runner again: within 2 s it shows in duplicates, as a rival problem and a notice; the state stays stopped', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const port = await freePort();
  writeFileSync(
    path.join(project, 'watchdog.sh'),
    `#!/bin/bash\n# the seeds' watchdog: keep ghost up\nwhile true; do\n  pgrep -f "python3 ghost.py" >/dev/null || PORT=${port} python3 ghost.py &\n  sleep 0.2\ndone\n`,
  );
  const { engine } = await engineWith(t, [{ name: 'ghost', command: ['python3', 'ghost.py'], cwd: project, port, portEnv: 'PORT' }], rivalsOn(machine));
  await waitFor(async () => (await engine.list({})).services[0]!.state === 'running' && canConnect(port), 'ghost running under Upkeep');
  const watchdog = spawn('bash', ['watchdog.sh'], { cwd: project, detached: true, stdio: 'ignore' });
  killAtEnd(t, () => [watchdog.pid]);
  const notices: Array<Events['notice']> = [];
  const off = engine.on('notice', (n) => notices.push(n));
  t.after(off);

  const rival = nextServiceEvent(engine, (e) => e.status.problem?.kind === 'rival', 'a rival problem', 10_000);
  await engine.stop({ name: 'ghost' });
  const stoppedAt = Date.now();
  const { status } = await rival.catch(async (error: Error) => {
    const s = (await engine.list({})).services[0]!;
    throw new Error(`${error.message}; notices: ${notices.map((n) => n.message).join(' | ')}; status: ${s.state} ${s.reason} ${JSON.stringify(s.duplicates)}; doctor: ${JSON.stringify(await engine.doctor({}))}`);
  });
  const took = Date.now() - stoppedAt;
  // The watchdog checks every 0.2 s; the engine looks once a second.
  assert.ok(took < 2_000 + 200, `shown ${took} ms after the stop`);
  assert.equal(status.state, 'stopped');
  const finding = status.problem?.kind === 'rival' ? status.problem.finding : null;
  assert.equal(finding?.kind, 'watchdog');
  assert.equal(finding?.pid, watchdog.pid);
  assert.equal(finding?.respawns, true);
  assert.ok(finding?.copyPid, 'the copy it started');
  assert.equal(finding?.locator.kind === 'watchdog' && finding.locator.script, path.join(project, 'watchdog.sh'));
  assert.deepEqual(
    status.duplicates.map((d) => ({ pid: d.pid, class: d.class, supervisor: d.supervisor, via: d.via })),
    [{ pid: finding!.copyPid!, class: 'supervised', supervisor: 'watchdog', via: `watchdog.sh pid ${watchdog.pid}` }],
  );
  assert.ok(
    notices.some((n) => n.message === `ghost was started again by watchdog.sh, pid ${watchdog.pid}` && n.service === 'ghost'),
    notices.map((n) => n.message).join('\n'),
  );

  // Restore does not fight it either: the copy the watchdog runs is left alone.
  const restored = await engine.restore({ name: 'ghost' });
  assert.ok(restored.steps.some((s) => s.includes(`left pid ${finding!.copyPid} alone: run by a watchdog (watchdog.sh pid ${watchdog.pid})`)), restored.steps.join('\n'));
  assert.ok(isAlive(finding!.copyPid!));
});
