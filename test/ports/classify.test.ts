import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOwner, type ClassifyContext } from '../../app/ports/classify.ts';
import { findPortOwner } from '../../app/ports/owner.ts';
import { processStartTime } from '../../app/os/identity.ts';
import { listProcesses, type ProcessEntry } from '../../app/os/table.ts';
import { tempHome } from '../support/temp-home.ts';
import { LISTEN, nodeCode, startChild } from '../support/children.ts';

async function ownerOf(port: number) {
  const owner = await findPortOwner(port);
  assert.ok(owner, `someone listens on ${port}`);
  return owner;
}

test('a real process nobody knows is a stranger, named by pid and command', async (t) => {
  const dir = tempHome(t);
  const child = await startChild(t, nodeCode(LISTEN), { cwd: dir });
  const owner = await ownerOf(Number(child.line));
  const verdict = classifyOwner(owner, {
    service: { name: 'web', command: ['node', 'server.js'], cwd: dir },
    records: [],
    specs: [{ name: 'web', command: ['node', 'server.js'], cwd: dir }],
    table: await listProcesses(),
  });
  assert.deepEqual(verdict, { pid: child.pid, command: owner.command, class: 'stranger' });
});

test('same command and cwd: a stale copy of this service, or another Upkeep service', async (t) => {
  const dir = tempHome(t);
  const command = nodeCode(LISTEN);
  const child = await startChild(t, command, { cwd: dir });
  const owner = await ownerOf(Number(child.line));
  const table = await listProcesses();
  const specs = [
    { name: 'web', command: ['node', 'server.js'], cwd: dir },
    { name: 'runner', command, cwd: dir },
  ];
  const base = { records: [], specs, table };
  assert.deepEqual(classifyOwner(owner, { ...base, service: specs[1] as (typeof specs)[1] }), {
    pid: child.pid,
    command: owner.command,
    class: 'stale-copy',
    service: 'runner',
  });
  const asWeb = classifyOwner(owner, { ...base, service: specs[0] as (typeof specs)[0] });
  assert.equal(asWeb.class, 'upkeep-service');
  assert.equal(asWeb.service, 'runner');
  // The same command in another directory is somebody else's.
  const elsewhere = classifyOwner(owner, { ...base, service: { name: 'runner', command, cwd: tempHome(t) }, specs: [] });
  assert.equal(elsewhere.class, 'stranger');
});

test('a registry record counts only while its start time matches (pids get reused)', async (t) => {
  const dir = tempHome(t);
  const child = await startChild(t, nodeCode(LISTEN), { cwd: dir });
  const owner = await ownerOf(Number(child.line));
  const startTime = processStartTime(child.pid);
  assert.ok(startTime);
  const record = { name: 'runner', pid: child.pid, startTime, command: ['python3', 'old.py'], cwd: '/elsewhere' };
  const context: ClassifyContext = {
    service: { name: 'runner', command: ['python3', 'new.py'], cwd: dir },
    records: [record],
    specs: [],
    table: await listProcesses(),
  };
  assert.equal(classifyOwner(owner, context).class, 'stale-copy');
  assert.deepEqual(classifyOwner(owner, { ...context, service: { ...context.service, name: 'web' } }), {
    pid: child.pid,
    command: owner.command,
    class: 'upkeep-service',
    service: 'runner',
  });
  assert.equal(classifyOwner(owner, { ...context, records: [{ ...record, startTime: 'linux:1' }] }).class, 'stranger');
});

test('the listener under a stale copy\'s shell (shell: true) is a stale copy too', async (t) => {
  const dir = tempHome(t);
  const line = `${process.execPath} -e "${LISTEN}" && true`;
  const shell = await startChild(t, ['/bin/sh', '-c', line], { cwd: dir });
  const owner = await ownerOf(Number(shell.line));
  assert.notEqual(owner.pid, shell.pid, 'node holds the port, its shell is the parent');
  const service = { name: 'api', command: [line], cwd: dir, shell: true };
  const verdict = classifyOwner(owner, { service, records: [], specs: [service], table: await listProcesses() });
  assert.equal(verdict.class, 'stale-copy');
});

// Crafted ancestries: pid 300 holds the port.
const entry = (pid: number, ppid: number, argv: string[], cwd: string | null = '/home/me'): ProcessEntry => ({
  pid,
  ppid,
  pgid: pid,
  argv,
  command: argv.join(' '),
  cwd,
});
const OWNER = { pid: 300, command: 'node app.js', argv: ['node', 'app.js'] };
const classify = (table: ProcessEntry[]) =>
  classifyOwner(OWNER, {
    service: { name: 'web', command: ['node', 'server.js'], cwd: '/home/me/web' },
    records: [],
    specs: [],
    table,
    isSameProcess: () => true,
  });

test('PM2, supervisord and cron are named from anywhere up the ancestry', () => {
  const pm2 = classify([
    entry(1, 0, ['/sbin/init']),
    entry(200, 1, ['PM2 v5.4.2: God Daemon (/home/me/.pm2)']),
    entry(300, 200, ['node', 'app.js']),
  ]);
  assert.deepEqual(pm2, { pid: 300, command: 'node app.js', class: 'supervised', supervisor: 'pm2' });

  const pm2Starting = classify([
    entry(200, 1, ['/usr/bin/node', '/usr/lib/node_modules/pm2/lib/Daemon.js']),
    entry(250, 200, ['/bin/sh', '-c', 'node app.js']),
    entry(300, 250, ['node', 'app.js']),
  ]);
  assert.equal(pm2Starting.supervisor, 'pm2');

  const supervisord = classify([
    entry(150, 1, ['/usr/bin/python3', '/usr/bin/supervisord', '-n', '-c', '/etc/supervisord.conf']),
    entry(300, 150, ['node', 'app.js']),
  ]);
  assert.equal(supervisord.supervisor, 'supervisord');

  const cron = classify([
    entry(90, 1, ['/usr/sbin/cron', '-f']),
    entry(91, 90, ['/usr/sbin/CRON', '-f']),
    entry(92, 91, ['/bin/sh', '-c', 'cd /home/me && node app.js']),
    entry(300, 92, ['node', 'app.js']),
  ]);
  assert.equal(cron.supervisor, 'cron');
});

test('systemd and launchd count only as the direct parent: a terminal under systemd --user is a stranger', () => {
  const unit = classify([entry(1, 0, ['/lib/systemd/systemd', '--system']), entry(300, 1, ['node', 'app.js'])]);
  assert.equal(unit.supervisor, 'systemd');
  const userUnit = classify([entry(800, 1, ['/usr/lib/systemd/systemd', '--user']), entry(300, 800, ['node', 'app.js'])]);
  assert.equal(userUnit.supervisor, 'systemd');
  const launchd = classify([entry(1, 0, ['/sbin/launchd']), entry(300, 1, ['node', 'app.js'])]);
  assert.equal(launchd.supervisor, 'launchd');

  const terminal = classify([
    entry(800, 1, ['/usr/lib/systemd/systemd', '--user']),
    entry(810, 800, ['/usr/libexec/gnome-terminal-server']),
    entry(820, 810, ['bash']),
    entry(300, 820, ['node', 'app.js']),
  ]);
  assert.deepEqual(terminal, { pid: 300, command: 'node app.js', class: 'stranger' });
});

test('our own knowledge wins over a supervisor: a copy of this service under PM2 is a stale copy', () => {
  const verdict = classifyOwner(OWNER, {
    service: { name: 'web', command: ['node', 'app.js'], cwd: '/home/me' },
    records: [],
    specs: [],
    table: [entry(200, 1, ['PM2 v5.4.2: God Daemon (/home/me/.pm2)']), entry(300, 200, ['node', 'app.js'])],
  });
  assert.equal(verdict.class, 'stale-copy');
  assert.equal(verdict.supervisor, undefined);
});

test('an owner missing from the snapshot (it just exited) is still classified, from what is known', () => {
  assert.equal(classify([]).class, 'stranger');
});
