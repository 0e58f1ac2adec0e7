/**
 * The macOS OS layer, run here against procps ps and lsof (Debian packages).
 * procps takes the BSD forms only with PS_PERSONALITY=bsd; a tool that
 * fails must show as an error, so every listing below is asserted non-empty
 * and to contain the process we started.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { forceOsLayer } from '../../app/os/current.ts';
import { darwin } from '../../app/os/darwin.ts';
import { linux } from '../../app/os/linux.ts';
import { runTool, ToolError } from '../../app/os/run-tool.ts';
import { descendants } from '../../app/os/table.ts';
import { findPortOwner } from '../../app/ports/owner.ts';
import { isPortFree } from '../../app/ports/free.ts';
import { findRunTops, listTaggedProcesses, TAG } from '../../app/runs/tags.ts';
import { IDLE, LISTEN, nodeCode, PARENT_OF_N, startChild } from '../support/children.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

test('without PS_PERSONALITY procps refuses the BSD form the darwin layer uses; the layer sets it', async () => {
  const env = { ...process.env };
  delete env.PS_PERSONALITY;
  const refused = await new Promise<string>((resolve) => {
    execFile('ps', ['eww', '-axo', 'pid='], { env }, (error, _stdout, stderr) => resolve(error ? stderr : ''));
  });
  assert.match(refused, /personality/, 'procps without the BSD personality fails (what used to be read as "no processes")');
  assert.ok((await runTool('ps', ['eww', '-axo', 'pid='])).trim().split('\n').length > 1);
});

test('a tool that fails is an error, not an empty answer', async () => {
  await assert.rejects(runTool('ps', ['--no-such-option']), (error: Error) => error instanceof ToolError && /ps --no-such-option: /.test(error.message));
  await assert.rejects(runTool('no-such-tool-here', []), /no-such-tool-here: not found/);
  // lsof and ps exit 1 when a selection matched nothing: that is an empty answer.
  assert.equal(await runTool('ps', ['-o', 'pid=', '-p', '999999999']), '');
});

test('darwin table: not empty, the child with parent, group and cwd, argv split on whitespace', async (t) => {
  const dir = tempHome(t);
  const child = await startChild(t, nodeCode(IDLE, 'two words'), { cwd: dir });
  const table = await darwin.listProcesses((e) => e.pid === child.pid);
  assert.ok(table.length > 1, 'ps gave a table');
  const entry = table.find((e) => e.pid === child.pid);
  assert.ok(entry, 'the child is listed');
  assert.equal(entry.ppid, process.pid);
  assert.equal(entry.pgid, child.pid);
  assert.equal(entry.cwd, realpathSync(dir), 'lsof gave its cwd');
  // BSD ps joins argv with spaces: the layer cannot tell `two words` from two arguments.
  assert.deepEqual(entry.argv.slice(-2), ['two', 'words']);
  assert.ok(table.filter((e) => e.pid !== child.pid).every((e) => e.cwd === null), 'cwd only where asked');
});

test('darwin and linux see the same tree', async (t) => {
  const parent = await startChild(t, nodeCode(PARENT_OF_N, '3'));
  const kids = (JSON.parse(parent.line) as number[]).sort();
  const [viaPs, viaProc] = await Promise.all([darwin.listProcesses(() => false), linux.listProcesses(() => false)]);
  assert.deepEqual(descendants(viaPs, parent.pid).map((e) => e.pid).sort(), kids);
  assert.deepEqual(descendants(viaProc, parent.pid).map((e) => e.pid).sort(), kids);
});

test('darwin start time (ps -o lstart): stable for a process, null once it is gone or a zombie', async (t) => {
  const child = await startChild(t, nodeCode(IDLE));
  const first = darwin.startTime(child.pid);
  assert.match(first ?? '', /^ps:\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
  assert.equal(darwin.startTime(child.pid), first);
  assert.notEqual(darwin.startTime(process.pid), null);
  assert.equal(darwin.startTime(999_999_999), null);

  // A child that exits under a parent that never waits: a zombie. (A shell's
  // `sleep 0 & exec sleep 30` raced: the shell could reap it before the exec.)
  const holder = await startChild(t, ['perl', '-e', '$| = 1; my $kid = fork() // die; exit 0 if $kid == 0; print "$kid\\n"; sleep 30']);
  const zombie = Number(holder.line);
  await waitFor(() => readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]?.startsWith('Z'), 'the exited child to be a zombie', 5_000);
  assert.equal(linux.startTime(zombie), null);
  assert.equal(darwin.startTime(zombie), null, 'a zombie is not alive, as on Linux');
  process.kill(child.pid, 'SIGKILL');
  await waitFor(() => darwin.startTime(child.pid) === null, 'the killed child to be gone', 5_000);
});

test('darwin environments (ps eww): tags are read back, a data dir with spaces whole', async (t) => {
  const dataDir = path.join(tempHome(t), 'Library', 'Application Support', 'Upkeep');
  mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, [TAG.dataDir]: dataDir, [TAG.service]: 'web app', [TAG.runId]: 'run-darwin-1' };
  const child = await startChild(t, nodeCode(IDLE), { env });

  const rows = await darwin.processesWithEnv(`${TAG.runId}=`);
  assert.ok(rows.length > 0, 'ps eww gave environments');
  assert.ok(rows.find((p) => p.pid === child.pid)?.env.includes(`${TAG.dataDir}=${dataDir}`));

  const restore = forceOsLayer(darwin);
  try {
    const tagged = (await listTaggedProcesses()).find((p) => p.pid === child.pid);
    assert.deepEqual(tagged, { pid: child.pid, ppid: process.pid, pgid: child.pid, dataDir, service: 'web app', runId: 'run-darwin-1' });
    assert.deepEqual((await findRunTops(dataDir)).map((p) => p.pid), [child.pid]);
  } finally {
    restore();
  }
});

test('darwin listeners and port owner (lsof): the child listening, its pid and command', async (t) => {
  const argv = nodeCode(LISTEN, '127.0.0.1');
  const child = await startChild(t, argv);
  const port = Number(child.line);
  const listeners = await darwin.listListeners();
  assert.ok(listeners.length > 0, 'lsof gave listeners');
  assert.ok(listeners.some((l) => l.port === port && l.address === '127.0.0.1'));
  assert.deepEqual(await darwin.listenerHolders(port), [{ pid: child.pid, ppid: process.pid }]);

  const restore = forceOsLayer(darwin);
  try {
    const owner = await findPortOwner(port);
    assert.equal(owner?.pid, child.pid);
    assert.match(owner?.command ?? '', /node -e /);
    assert.equal(await isPortFree(port), false, 'the listener table and a loopback bind both see it');
  } finally {
    restore();
  }
});
