import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildBinary, build as buildXml } from 'plist';
import { detectRivals } from '../../app/rivals/detect.ts';
import { viaOf } from '../../app/shared/rival-text.ts';
import { fakeMachine, ghostProject } from '../support/rivals.ts';

const target = (cwd: string) => ({ name: 'ghost', command: ['python3', 'ghost.py'], cwd, port: 5555 });

test('cron: the user crontab (through the crontab on PATH), /etc/crontab and /etc/cron.d lines that run the script, never a line that only names python3', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  writeFileSync(machine.crontabFile, ['# mine', 'MAILTO=""', `*/5 * * * * cd ${project} && python3 ghost.py >> ghost.log 2>&1`, '0 3 * * * python3 other.py', '* * * nope * python3 x.py', ''].join('\n'));
  machine.write('/etc/crontab', `SHELL=/bin/sh\n@reboot root python3 ${project}/ghost.py\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n`);
  machine.write('/etc/cron.d/ghost', `* * * * * root pgrep -f ghost.py || (cd ${project}; python3 ghost.py &)\n`);
  machine.write('/etc/cron.d/python', `* * * * * root python3 /opt/unrelated/ghost.py\n* * * * * root python3\n`);

  const { findings, notes } = await detectRivals({ seams: machine.seams(), targets: [target(project)], ownedRuns: [] });
  const cron = findings.filter((f) => f.kind === 'cron');
  assert.deepEqual(
    cron.map((f) => viaOf(f.locator)).sort(),
    ['crontab:3', `${machine.root}/etc/cron.d/ghost:1`, `${machine.root}/etc/crontab:2`].sort(),
  );
  const user = cron.find((f) => f.locator.kind === 'cron' && f.locator.source === 'user')!;
  assert.equal(user.scope, 'user');
  assert.equal(user.respawns, true);
  assert.match(user.evidence, /user crontab, line 3: \*\/5/);
  assert.deepEqual(user.definition?.command, ['python3', 'ghost.py']);
  assert.equal(user.definition?.cwd, project);
  assert.ok(user.locator.kind === 'cron' && user.locator.text.includes('cd '), 'the line is kept for a takeover to check');
  const system = cron.find((f) => f.evidence.includes('/etc/crontab'))!;
  assert.equal(system.scope, 'system');
  assert.match(system.commands[0]!, /^sudo sed -i '2s/);
  assert.ok(notes.some((n) => /crontab:5: not a cron schedule/.test(n)), notes.join('\n'));
  assert.deepEqual(machine.calls.map((c) => [c.file, ...c.args].join(' ')).filter((c) => c.startsWith('crontab')), ['crontab -l']);
  // The stand-in was asked, not the machine's crontab: its file is unchanged.
  assert.match(readFileSync(machine.crontabFile, 'utf8'), /^# mine/);
});

test('systemd: unit files whose ExecStart runs the service, with Restart= and enabled-ness; the unit owning a copy counts only with Restart=', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  machine.write('~/.config/systemd/user/ghost.service', `[Unit]\nDescription=ghost\n\n[Service]\nWorkingDirectory=${project}\nExecStart=/usr/bin/python3 ghost.py\nEnvironment=PORT=5555 "MODE=fast lane"\nRestart=always\n\n[Install]\nWantedBy=default.target\n`);
  machine.write('~/.config/systemd/user/default.target.wants/ghost.service', '');
  machine.write('/etc/systemd/system/ghost-system.service', `[Service]\nExecStart=-/usr/bin/python3 ${project}/ghost.py \\\n  --verbose\nRestart=on-failure\n`);
  machine.write('/etc/systemd/system/python-only.service', `[Service]\nExecStart=/usr/bin/python3 -m http.server\nRestart=always\n`);

  const { findings } = await detectRivals({ seams: machine.seams(), targets: [target(project)], ownedRuns: [] });
  const units = findings.filter((f) => f.kind === 'systemd');
  assert.deepEqual(units.map((f) => (f.locator.kind === 'systemd' ? f.locator.unit : '')).sort(), ['ghost-system.service', 'ghost.service']);
  const user = units.find((f) => f.locator.kind === 'systemd' && f.locator.user)!;
  assert.equal(user.scope, 'user');
  assert.equal(user.respawns, true);
  assert.match(user.evidence, /enabled, Restart=always/);
  assert.deepEqual(user.definition?.env, { PORT: '5555', MODE: 'fast lane' });
  assert.equal(user.definition?.port, 5555);
  assert.equal(user.definition?.restart, 'always');
  const system = units.find((f) => f.locator.kind === 'systemd' && !f.locator.user)!;
  assert.equal(system.scope, 'system');
  assert.deepEqual(system.commands, ['sudo systemctl disable --now ghost-system.service']);
  assert.equal(system.respawns, false, 'not enabled and running nothing: it will not start it by itself');
  assert.deepEqual(system.definition?.command, ['/usr/bin/python3', `${project}/ghost.py`, '--verbose']);
});

test('systemd: a running copy in a unit without Restart= does not count, one in a Restart= unit does, Upkeep’s own unit never', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const { spawn } = await import('node:child_process');
  const { killAtEnd } = await import('../support/processes.ts');
  const { freePort } = await import('../support/ports.ts');
  const port = await freePort();
  const copy = spawn('python3', ['ghost.py'], { cwd: project, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  killAtEnd(t, () => [copy.pid]);
  const { waitFor } = await import('../support/wait.ts');
  const { canConnect } = await import('../support/ports.ts');
  await waitFor(() => canConnect(port), 'copy listening');
  machine.write(`/proc/${copy.pid}/cgroup`, '0::/user.slice/user-1000.slice/user@1000.service/app.slice/ghost.service\n');
  machine.write(`/proc/${process.pid}/cgroup`, '0::/user.slice/user-1000.slice/user@1000.service/app.slice/upkeep.service\n');
  const unit = (restart: string) => `[Service]\nWorkingDirectory=${project}\nExecStart=/usr/bin/python3 ghost.py\n${restart}`;
  machine.write('~/.config/systemd/user/ghost.service', unit(''));
  machine.write('~/.config/systemd/user/upkeep.service', unit('Restart=always\n'));

  let { findings } = await detectRivals({ seams: machine.seams(), targets: [target(project)], ownedRuns: [] });
  assert.deepEqual(findings.filter((f) => f.kind === 'systemd'), [], 'no Restart=: the unit only ran it; and upkeep.service is ours');

  machine.write('~/.config/systemd/user/ghost.service', unit('Restart=on-failure\n'));
  ({ findings } = await detectRivals({ seams: machine.seams(), targets: [target(project)], ownedRuns: [] }));
  const found = findings.filter((f) => f.kind === 'systemd');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.copyPid, copy.pid);
  assert.equal(found[0]!.respawns, true);
});

test('launchd: XML and binary plists whose ProgramArguments run the service, loaded-ness from launchctl print; a broken plist is a note', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const agent = { Label: 'com.me.ghost', ProgramArguments: ['/usr/bin/python3', 'ghost.py'], WorkingDirectory: project, KeepAlive: true, RunAtLoad: true, EnvironmentVariables: { PORT: '5555' } };
  machine.write('~/Library/LaunchAgents/com.me.ghost.plist', buildXml(agent));
  machine.write('/Library/LaunchDaemons/com.me.ghost-daemon.plist', Buffer.from(buildBinary({ Label: 'com.me.ghost-daemon', ProgramArguments: ['/usr/bin/python3', `${project}/ghost.py`], StartInterval: 60 })));
  machine.write('~/Library/LaunchAgents/com.me.other.plist', buildXml({ Label: 'com.me.other', ProgramArguments: ['/usr/bin/python3', 'other.py'], WorkingDirectory: project }));
  machine.write('~/Library/LaunchAgents/broken.plist', '<?xml version="1.0"?><plist><dict><key>Label</key>');
  machine.write('~/Library/LaunchAgents/nolabel.plist', buildXml({ ProgramArguments: ['x'] }));
  const uid = process.getuid!();
  machine.answers.set(`launchctl print gui/${uid}/com.me.ghost`, { code: 0, stdout: 'gui/501/com.me.ghost = {\n\tstate = running\n\tpid = 4242\n}\n', stderr: '', error: null });
  machine.answers.set('launchctl print system/com.me.ghost-daemon', { code: 113, stdout: '', stderr: 'Could not find service', error: null });

  const { findings, notes } = await detectRivals({ seams: machine.seams(), targets: [target(project)], ownedRuns: [] });
  const agents = findings.filter((f) => f.kind === 'launchd');
  assert.equal(agents.length, 2);
  const xml = agents.find((f) => f.locator.kind === 'launchd' && f.locator.label === 'com.me.ghost')!;
  assert.match(xml.evidence, /KeepAlive, RunAtLoad, loaded, pid 4242/);
  assert.equal(xml.respawns, true);
  assert.equal(xml.scope, 'user');
  assert.equal(xml.locator.kind === 'launchd' && xml.locator.domain, `gui/${uid}`);
  assert.equal(xml.definition?.port, 5555);
  const binary = agents.find((f) => f.locator.kind === 'launchd' && f.locator.label === 'com.me.ghost-daemon')!;
  assert.match(binary.evidence, /StartInterval 60s, not loaded/);
  assert.equal(binary.scope, 'system');
  assert.deepEqual(binary.commands, ['sudo launchctl bootout system/com.me.ghost-daemon', 'sudo launchctl disable system/com.me.ghost-daemon']);
  assert.ok(notes.some((n) => n.includes(path.join('Library', 'LaunchAgents', 'broken.plist')) && /not a launchd plist/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => n.includes('nolabel.plist') && /Label/.test(n)), notes.join('\n'));
  assert.deepEqual(
    machine.calls.filter((c) => c.file === 'launchctl').map((c) => c.args.join(' ')).sort(),
    [`print gui/${uid}/com.me.ghost`, 'print system/com.me.ghost-daemon'],
  );
});
