/** `upkeep doctor [NAME] [--json]` as a real child process, against a running daemon and with none. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../app/api.ts';
import { addServiceToConfig } from '../../app/config/store.ts';
import { dataPaths } from '../../app/paths.ts';
import { freePort } from '../support/ports.ts';
import { pm2RunsGhost } from '../support/pm2.ts';
import { fakeMachine, ghostProject } from '../support/rivals.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

test('doctor --json finds a real PM2 app (name, id, PM2_HOME, respawns), with and without an engine; bad input exits 2', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const port = await freePort();
  const pm2 = await pm2RunsGhost(t, project, port);
  const home = tempHome(t);
  addServiceToConfig(dataPaths(home), { name: 'ghost', command: ['python3', 'ghost.py'], cwd: project, port, autostart: false });
  addServiceToConfig(dataPaths(home), { name: 'alone', command: ['python3', 'alone.py'], cwd: project, autostart: false });
  // Only this test's PM2 daemon: other tests on this machine run their own.
  const env = { UPKEEP_RIVALS: '', UPKEEP_RIVALS_ROOT: machine.root, UPKEEP_RIVALS_PM2_HOMES: pm2.home, PATH: machine.path, HOME: machine.home };

  const check = (stdout: string): Finding => {
    const findings = JSON.parse(stdout) as Finding[];
    assert.ok(Array.isArray(findings));
    const finding = findings.find((f) => f.kind === 'pm2' && f.service === 'ghost');
    assert.ok(finding, stdout);
    assert.match(finding.evidence, new RegExp(`pm2 app ghost \\(id 0\\), PM2_HOME ${pm2.home}`));
    assert.equal(finding.respawns, true);
    assert.equal(finding.locator.kind === 'pm2' && finding.locator.app, 'ghost');
    return finding;
  };

  const offline = await runCli(home, ['doctor', '--json'], { env });
  assert.equal(offline.code, 0, offline.stderr);
  check(offline.stdout);
  assert.match(offline.stderr, /no engine is running/);

  const daemon = new CliProcess(t, home, ['daemon'], env);
  await waitFor(async () => (await runCli(home, ['status', '--json'], { env })).stderr.includes('no engine') === false, 'daemon up');
  const online = await runCli(home, ['doctor', 'ghost', '--json'], { env });
  assert.equal(online.code, 0, online.stderr);
  const finding = check(online.stdout);
  assert.equal(finding.pid, pm2.daemonPid());

  const none = await runCli(home, ['doctor', 'alone', '--json'], { env });
  assert.equal(none.code, 0);
  assert.deepEqual(JSON.parse(none.stdout), []);
  const table = await runCli(home, ['doctor'], { env });
  assert.equal(table.code, 0);
  assert.match(table.stdout, /SERVICE\s+RIVAL\s+PID\s+COPY\s+RESPAWNS\s+SCOPE\s+EVIDENCE/);
  assert.match(table.stdout, /To hand ghost to Upkeep: upkeep takeover ghost/);
  assert.equal((await runCli(home, ['doctor', 'alone'], { env })).stdout.trim(), 'No rivals found: nothing else starts these services.');

  for (const args of [['doctor', 'Bad Name'], ['doctor', 'nosuch'], ['doctor', '--bogus'], ['doctor', 'a', 'b']]) {
    const bad = await runCli(home, args, { env });
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, /^upkeep: /);
  }
  daemon.child.kill('SIGTERM');
  await daemon.exited;
});
