import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { ancestors, descendants, listProcesses } from '../../app/os/table.ts';
import { parseCmdline } from '../../app/os/proc-fs.ts';
import { parseStat } from '../../app/os/proc-stat.ts';
import { parseLsofCwds } from '../../app/os/lsof-output.ts';
import { parsePsTable } from '../../app/os/ps-output.ts';
import { tempHome } from '../support/temp-home.ts';
import { IDLE, nodeCode, PARENT_OF_N, startChild } from '../support/children.ts';

test('a child shows up with its exact argv (spaces kept), its cwd, parent and group', async (t) => {
  const dir = tempHome(t);
  const argv = nodeCode(IDLE, 'an argument with spaces', '');
  const child = await startChild(t, argv, { cwd: dir });

  const table = await listProcesses();
  const entry = table.find((e) => e.pid === child.pid);
  assert.ok(entry, 'child is in the table');
  assert.deepEqual(entry.argv, argv);
  assert.equal(entry.ppid, process.pid);
  assert.equal(entry.pgid, child.pid, 'detached: its own group');
  assert.equal(entry.cwd, realpathSync(dir));
  assert.match(entry.command, /"an argument with spaces" ""$/);
});

test('wantCwd limits the cwd lookups to the entries asked for', async () => {
  const table = await listProcesses({ wantCwd: (e) => e.pid === process.pid });
  assert.equal(table.find((e) => e.pid === process.pid)?.cwd, realpathSync(process.cwd()));
  assert.ok(table.filter((e) => e.pid !== process.pid).every((e) => e.cwd === null));
});

test('descendants and ancestors follow the tree', async (t) => {
  const parent = await startChild(t, nodeCode(PARENT_OF_N, '3'));
  const kids = JSON.parse(parent.line) as number[];
  const table = await listProcesses({ wantCwd: () => false });

  assert.deepEqual(descendants(table, parent.pid).map((e) => e.pid).sort(), [...kids].sort());
  assert.deepEqual(descendants(table, process.pid).map((e) => e.pid).filter((p) => p === parent.pid || kids.includes(p)).length, 4);
  const chain = ancestors(table, kids[0] as number).map((e) => e.pid);
  assert.deepEqual(chain.slice(0, 2), [parent.pid, process.pid]);
  assert.deepEqual(descendants(table, 999_999_999), []);
  assert.deepEqual(ancestors(table, 999_999_999), []);
});

test('processes vanishing while the table is read are left out, never an error', async () => {
  // Short-lived processes come and go while we list, over and over.
  let running = true;
  const churn = (async () => {
    while (running) {
      await new Promise((resolve) => spawn('true', { stdio: 'ignore' }).once('exit', resolve).once('error', resolve));
    }
  })();
  try {
    for (let i = 0; i < 30; i++) {
      const table = await listProcesses();
      assert.ok(table.some((e) => e.pid === process.pid));
    }
  } finally {
    running = false;
    await churn;
  }
});

test('parseStat reads past a name holding spaces and parentheses', () => {
  assert.deepEqual(parseStat('123 (we(i)rd) name) S 45 67 67 0 -1'), { name: 'we(i)rd) name', state: 'S', ppid: 45, pgid: 67, cpuTicks: 0, startTicks: '' });
  // A real line (proc(5) field order): field 22, the start time, is what identity compares.
  const line = '4242 (node) S 1 4242 4242 0 -1 4194560 1391 0 0 0 5 1 0 0 20 0 11 0 8123456 1125736448 11520 18446744073709551615';
  assert.deepEqual(parseStat(line), { name: 'node', state: 'S', ppid: 1, pgid: 4242, cpuTicks: 6, startTicks: '8123456' });
  assert.equal(parseStat('garbage'), null);
  assert.equal(parseStat('1 (x) S notanumber 3'), null);
});

test('parseCmdline splits on NUL and drops the trailing padding of a retitled process', () => {
  assert.deepEqual(parseCmdline(Buffer.from('node\0server.js\0')), ['node', 'server.js']);
  assert.deepEqual(parseCmdline(Buffer.from('a\0\0b\0\0')), ['a', '', 'b', '']);
  assert.deepEqual(parseCmdline(Buffer.from('PM2 v5.4.2: God Daemon (/home/me/.pm2)\0\0\0\0')), ['PM2 v5.4.2: God Daemon (/home/me/.pm2)']);
  assert.deepEqual(parseCmdline(Buffer.alloc(0)), []);
});

test('macOS ps and lsof output parse; junk lines are skipped', () => {
  const ps = ['    1     0     1 /sbin/launchd', '  501     1   501 /usr/local/bin/node  server.js --port 3000', 'junk', '  502   501   501 '].join('\n');
  const table = parsePsTable(ps);
  assert.deepEqual(
    table.map((e) => [e.pid, e.ppid, e.pgid, e.argv]),
    [
      [1, 0, 1, ['/sbin/launchd']],
      [501, 1, 501, ['/usr/local/bin/node', 'server.js', '--port', '3000']],
      [502, 501, 501, []],
    ],
  );
  const cwds = parseLsofCwds(['p501', 'fcwd', 'n/Users/me/app', 'p502', 'fcwd', 'n/private/tmp', 'pbad', 'n/nowhere'].join('\n'));
  assert.deepEqual([...cwds], [[501, '/Users/me/app'], [502, '/private/tmp']]);
});
