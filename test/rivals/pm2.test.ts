import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectRivals } from '../../app/rivals/detect.ts';
import { listProcesses } from '../../app/os/table.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { pm2Home } from '../support/pm2.ts';
import { isAlive } from '../support/processes.ts';
import { fakeMachine, ghostProject } from '../support/rivals.ts';
import { waitFor } from '../support/wait.ts';

const ghost = (cwd: string, port: number) => ({ name: 'ghost', command: ['python3', 'ghost.py'], cwd, port });

async function godDaemons(home: string): Promise<number[]> {
  return (await listProcesses({ wantCwd: () => false })).filter((e) => e.command === `PM2 v7.0.4: God Daemon (${home})` || e.command.includes(`God Daemon (${home})`)).map((e) => e.pid);
}

test('a running PM2 daemon in its own PM2_HOME: its app is found through pm2 jlist, with id, PM2_HOME, the copy, and only the env the app set', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const port = await freePort();
  const pm2 = pm2Home(t);
  await pm2.run(['ping']); // the daemon first, from the test's own environment
  await pm2.run(['start', 'ghost.py', '--interpreter', 'python3', '--name', 'ghost'], { cwd: project, env: { PORT: String(port), GHOST_MODE: 'fast' } });
  await waitFor(() => canConnect(port), 'the PM2 app listening');
  const [app] = await pm2.jlist();

  const { findings, notes } = await detectRivals({ seams: machine.seams(), targets: [ghost(project, port)], ownedRuns: [] });
  const found = findings.filter((f) => f.kind === 'pm2');
  assert.equal(found.length, 1, JSON.stringify({ findings, notes }, null, 1));
  const finding = found[0]!;
  assert.equal(finding.pid, pm2.daemonPid());
  assert.equal(finding.copyPid, app!.pid);
  assert.equal(finding.respawns, true);
  assert.equal(finding.scope, 'user');
  assert.match(finding.evidence, new RegExp(`pm2 app ghost \\(id 0\\), PM2_HOME ${pm2.home}: online`));
  assert.deepEqual(finding.locator, { kind: 'pm2', pm2Home: pm2.home, app: 'ghost', pmId: 0, pm2Bin: finding.locator.kind === 'pm2' ? finding.locator.pm2Bin : null });
  assert.match(finding.locator.kind === 'pm2' ? (finding.locator.pm2Bin ?? '') : '', /node_modules\/pm2\/bin\/pm2$/);
  assert.deepEqual(finding.definition?.command, ['python3', path.join(project, 'ghost.py')]);
  assert.equal(finding.definition?.cwd, project);
  // PM2 merged the test's whole environment into the app: only what `pm2 start` added is the app's.
  assert.deepEqual(finding.definition?.env, { PORT: String(port), GHOST_MODE: 'fast' });
  assert.equal(finding.definition?.port, port);
  assert.equal(finding.definition?.portEnv, 'PORT');
  assert.ok(machine.calls.some((c) => c.args.at(-1) === 'jlist'), 'asked pm2 jlist');
});

test('a PM2 daemon that died after the snapshot is never asked (a client would start a new daemon): its dump.pm2 is read instead', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const port = await freePort();
  const pm2 = pm2Home(t);
  await pm2.run(['start', 'ghost.py', '--interpreter', 'python3', '--name', 'ghost'], { cwd: project, env: { PORT: String(port) } });
  await pm2.run(['save']);
  const table = await listProcesses();
  const daemon = pm2.daemonPid()!;
  assert.ok(table.some((e) => e.pid === daemon), 'the snapshot holds the daemon');
  await pm2.run(['kill']);
  await waitFor(() => !isAlive(daemon), 'daemon gone');

  const { findings } = await detectRivals({ seams: machine.seams(), targets: [ghost(project, port)], ownedRuns: [], table });
  assert.deepEqual(machine.calls.filter((c) => c.args.includes('jlist') && c.pm2Home === pm2.home), [], 'pm2 was not run');
  assert.deepEqual(await godDaemons(pm2.home), [], 'no daemon was started');
  const finding = findings.find((f) => f.kind === 'pm2')!;
  assert.match(finding.evidence, /saved in dump\.pm2/);
  assert.equal(finding.copyPid, null);
});

test('no PM2 running: only saved dumps are read, nothing is started; a PM2_HOME that cannot be read and a garbled dump are notes', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const dump = [{ name: 'ghost', pm_exec_path: path.join(project, 'ghost.py'), pm_cwd: project, exec_interpreter: 'python3', autorestart: true, env: { PORT: '5555', PATH: '/usr/bin' } }];
  machine.write('~/.pm2/dump.pm2', JSON.stringify(dump));
  machine.write('/etc/systemd/system/pm2-tester.service', '[Service]\nExecStart=/usr/bin/pm2 resurrect\n');
  const notAHome = mkdtempSync(path.join(os.tmpdir(), 'upkeep-pm2-file-'));
  t.after(() => rmSync(notAHome, { recursive: true, force: true }));
  writeFileSync(path.join(notAHome, 'home'), 'a file, not a folder');
  const garbled = mkdtempSync(path.join(os.tmpdir(), 'upkeep-pm2-garbled-'));
  t.after(() => rmSync(garbled, { recursive: true, force: true }));
  writeFileSync(path.join(garbled, 'dump.pm2'), '{"not": "a list"');
  const before = (await listProcesses({ wantCwd: () => false })).length;

  const unreadable = await detectRivals({ seams: machine.seams({ env: { ...machine.seams().env, PM2_HOME: path.join(notAHome, 'home') } }), targets: [ghost(project, 5555)], ownedRuns: [] });
  assert.ok(unreadable.notes.some((n) => n.includes(path.join(notAHome, 'home', 'dump.pm2')) && /ENOTDIR/.test(n)), unreadable.notes.join('\n'));
  const bad = await detectRivals({ seams: machine.seams({ env: { ...machine.seams().env, PM2_HOME: garbled } }), targets: [ghost(project, 5555)], ownedRuns: [] });
  assert.ok(bad.notes.some((n) => n.includes(`${garbled}/dump.pm2 is not a PM2 dump`)), bad.notes.join('\n'));

  const saved = bad.findings.find((f) => f.kind === 'pm2')!;
  assert.equal(saved.pid, null);
  assert.equal(saved.respawns, true, 'pm2 startup resurrects it at boot');
  assert.deepEqual(saved.definition?.env, { PORT: '5555' });
  assert.deepEqual(machine.calls.filter((c) => c.args.includes('jlist') && (c.pm2Home === garbled || c.pm2Home?.startsWith(notAHome))), []);
  const after = await listProcesses({ wantCwd: () => false });
  assert.deepEqual(after.filter((e) => /God Daemon/.test(e.command) && e.command.includes(machine.root)), []);
  assert.ok(after.length < before + 20);
});
