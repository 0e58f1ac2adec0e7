import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildBinary } from 'plist';
import { commandRunner } from '../../app/takeover/run-command.ts';
import { engineWith } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { tempHome } from '../support/temp-home.ts';
import { recordingRunner, runnerCommand } from './support.ts';

const uid = process.getuid?.() ?? 0;

test('systemd through the seam: disable --now on takeover, enable --now on undo; the unit file is never touched', async (t) => {
  const home = tempHome(t);
  const dir = tempHome(t);
  const port = await freePort();
  const unitDir = path.join(home, '.config/systemd/user');
  mkdirSync(unitDir, { recursive: true });
  const unitFile = path.join(unitDir, 'ghost.service');
  const unit = `[Unit]\nDescription=ghost\n\n[Service]\nWorkingDirectory=${dir}\nEnvironment=PORT=${port}\nExecStart=${runnerCommand().join(' ')}\nRestart=always\n\n[Install]\nWantedBy=default.target\n`;
  writeFileSync(unitFile, unit);
  const { run, calls } = recordingRunner(process.env, { 'systemctl is-enabled': { stdout: 'enabled\n' } });
  const { engine } = await engineWith(t, [], { takeover: { run, home, root: tempHome(t) } });

  const plan = await engine.takeoverPlan({ from: 'systemd:ghost' });
  assert.deepEqual(plan.blockers, []);
  assert.equal(calls.length, 0, 'a plan runs nothing');
  assert.ok(plan.steps.some((step) => step.commands.includes('systemctl --user disable --now ghost.service')));
  assert.deepEqual(plan.definition?.spec, { name: 'ghost', command: runnerCommand(), cwd: dir, env: { PORT: String(port) }, port, restart: 'always' });

  await engine.takeover({ from: 'systemd:ghost', planId: plan.planId });
  assert.deepEqual(calls.map((c) => `${c.file} ${c.args.join(' ')}`), [
    'systemctl --user is-enabled ghost.service',
    'systemctl --user is-active ghost.service',
    'systemctl --user disable --now ghost.service',
  ]);
  assert.ok(await canConnect(port));

  calls.length = 0;
  await engine.undoTakeover({ name: 'ghost' });
  assert.deepEqual(calls.map((c) => `${c.file} ${c.args.join(' ')}`), ['systemctl --user enable --now ghost.service']);
  assert.equal(readFileSync(unitFile, 'utf8'), unit);
});

test('a system unit is shown as a command and nothing is changed', async (t) => {
  const root = tempHome(t);
  mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
  writeFileSync(path.join(root, 'etc/systemd/system/ghost.service'), '[Service]\nExecStart=/usr/bin/true\nRestart=always\n');
  const { run, calls } = recordingRunner(process.env);
  const { engine } = await engineWith(t, [], { takeover: { run, home: tempHome(t), root } });
  const plan = await engine.takeoverPlan({ from: 'systemd:ghost' });
  assert.equal(plan.findings[0]?.scope, 'system');
  assert.ok(plan.steps.some((step) => step.scope === 'system' && step.commands.includes('sudo systemctl disable --now ghost.service')));
  assert.match(plan.blockers.join(' '), /system-wide: Upkeep does not change it/);
  await assert.rejects(engine.takeover({ from: 'systemd:ghost', planId: plan.planId }), /not taken over: .*system-wide/);
  assert.equal(calls.length, 0);
  assert.equal((await engine.list({})).services.length, 0);
});

test('launchd through the seam (a binary plist): bootout then disable; undo enable then bootstrap; the plist stays as it was', async (t) => {
  const home = tempHome(t);
  const dir = tempHome(t);
  const port = await freePort();
  const agents = path.join(home, 'Library/LaunchAgents');
  mkdirSync(agents, { recursive: true });
  const plistFile = path.join(agents, 'com.example.ghost.plist');
  const bytes = Buffer.from(buildBinary({ Label: 'com.example.ghost', ProgramArguments: runnerCommand(), WorkingDirectory: dir, EnvironmentVariables: { PORT: String(port) }, KeepAlive: true, RunAtLoad: true }));
  writeFileSync(plistFile, bytes);
  const { run, calls } = recordingRunner(process.env);
  const { engine } = await engineWith(t, [], { takeover: { run, home, root: tempHome(t) } });

  const plan = await engine.takeoverPlan({ from: 'launchd:com.example.ghost', name: 'ghost' });
  assert.deepEqual(plan.blockers, []);
  await engine.takeover({ from: 'launchd:com.example.ghost', name: 'ghost', planId: plan.planId });
  const target = `gui/${uid}/com.example.ghost`;
  assert.deepEqual(calls.map((c) => `${c.file} ${c.args.join(' ')}`), [`launchctl print ${target}`, `launchctl bootout ${target}`, `launchctl disable ${target}`]);
  assert.ok(await canConnect(port));
  calls.length = 0;
  await engine.undoTakeover({ name: 'ghost' });
  assert.deepEqual(calls.map((c) => `${c.file} ${c.args.join(' ')}`), [`launchctl enable ${target}`, `launchctl bootstrap gui/${uid} ${plistFile}`]);
  assert.deepEqual(readFileSync(plistFile), bytes);
});

test('a plist that does not parse is a clear error naming the file, and nothing changes', async (t) => {
  const home = tempHome(t);
  const agents = path.join(home, 'Library/LaunchAgents');
  mkdirSync(agents, { recursive: true });
  const plistFile = path.join(agents, 'com.example.broken.plist');
  writeFileSync(plistFile, '<?xml version="1.0"?><plist><dict><key>Label</key>');
  const { run, calls } = recordingRunner(process.env);
  const { engine } = await engineWith(t, [], { takeover: { run, home, root: tempHome(t) } });
  await assert.rejects(engine.takeoverPlan({ from: 'launchd:com.example.broken' }), new RegExp(`${plistFile}: not a property list`));
  assert.equal(calls.length, 0);
  assert.equal(readFileSync(plistFile, 'utf8'), '<?xml version="1.0"?><plist><dict><key>Label</key>');
});

test('under the test runner the real runner refuses systemctl and launchctl, so a test that misses the seam changes nothing', async () => {
  const run = commandRunner(process.env);
  for (const tool of ['systemctl', '/usr/bin/systemctl', 'launchctl']) {
    const result = await run(tool, ['--user', 'disable', '--now', 'nothing.service']);
    assert.equal(result.code, null);
    assert.match(result.error ?? '', /refused under the test runner/);
  }
});
