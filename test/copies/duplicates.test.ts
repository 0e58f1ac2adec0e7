import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findDuplicates } from '../../app/copies/duplicates.ts';
import { runsCommand } from '../../app/copies/same-command.ts';
import { listProcesses, type ProcessEntry } from '../../app/os/table.ts';
import { tempHome } from '../support/temp-home.ts';
import { IDLE, nodeCode, startChild } from '../support/children.ts';
import { killAtEnd } from '../support/processes.ts';

test('two copies started by hand, one owned: the other is reported; other cwds and owned trees are not', async (t) => {
  const dir = tempHome(t);
  const elsewhere = tempHome(t);
  const command = nodeCode(IDLE, 'runner');
  const owned = await startChild(t, command, { cwd: dir });
  const stray = await startChild(t, command, { cwd: dir });
  const otherCwd = await startChild(t, command, { cwd: elsewhere });
  const otherArgs = await startChild(t, nodeCode(IDLE, 'runner', '--verbose'), { cwd: dir });

  const table = await listProcesses();
  const found = findDuplicates(table, { command, cwd: dir }, new Set([owned.pid]));
  assert.deepEqual(found.map((e) => e.pid), [stray.pid]);
  assert.ok(![otherCwd.pid, otherArgs.pid].some((pid) => found.some((e) => e.pid === pid)));

  // Owning nothing: both copies are strays.
  const all = findDuplicates(table, { command, cwd: dir }, new Set()).map((e) => e.pid).sort();
  assert.deepEqual(all, [owned.pid, stray.pid].sort());
});

test('a cwd given through a symlink matches the real directory the kernel reports', async (t) => {
  const dir = tempHome(t);
  const link = path.join(tempHome(t), 'link');
  symlinkSync(dir, link);
  const command = nodeCode(IDLE, 'linked');
  const copy = await startChild(t, command, { cwd: dir });
  const found = findDuplicates(await listProcesses(), { command, cwd: link }, new Set());
  assert.deepEqual(found.map((e) => e.pid), [copy.pid]);
});

test('a shell: true service found both as sh -c LINE and as the command the shell exec\'d', async (t) => {
  const dir = tempHome(t);
  // LINE with shell syntax: the shell stays in between.
  const line = `${process.execPath} -e "setInterval(() => {}, 1 << 30); console.log('ready')" && true`;
  const viaShell = await startChild(t, ['/bin/sh', '-c', line], { cwd: dir });
  const found = findDuplicates(await listProcesses(), { command: [line], cwd: dir, shell: true }, new Set());
  assert.deepEqual(found.map((e) => e.pid), [viaShell.pid], 'the shell is listed, not also the node it runs');

  // A shell that exec'd a simple line leaves only the command's words.
  const simple = await startChild(t, nodeCode(IDLE), { cwd: dir });
  const entry = (await listProcesses()).find((e) => e.pid === simple.pid) as ProcessEntry;
  const tokens = [process.execPath, '-e', 'x'];
  assert.ok(runsCommand({ ...entry, argv: tokens }, { command: [tokens.join(' ')], cwd: dir, shell: true }));
});

const cwd = '/srv/app';
const at = (argv: string[], extra: Partial<ProcessEntry> = {}): ProcessEntry => ({ pid: 10, ppid: 1, pgid: 10, argv, command: argv.join(' '), cwd, ...extra });

test('what counts as the same command', () => {
  const same = (argv: string[], command: string[], shell = false) => runsCommand(at(argv), { command, cwd, shell }, cwd);

  // The program found through PATH, or named by path.
  assert.ok(same(['/usr/local/bin/node', 'server.js'], ['node', 'server.js']));
  assert.ok(same(['node', 'server.js'], ['/usr/bin/node', 'server.js']));
  assert.ok(same(['./bin/serve'], ['/srv/app/bin/serve']), 'relative and absolute paths to one file');
  assert.ok(!same(['/opt/a/node', 'server.js'], ['/opt/b/node', 'server.js']), 'two different programs');
  // {port} stands for any port.
  assert.ok(same(['python3', '-m', 'http.server', '5556'], ['python3', '-m', 'http.server', '{port}']));
  assert.ok(same(['serve', '--listen=127.0.0.1:5556'], ['serve', '--listen=127.0.0.1:{port}']));
  assert.ok(!same(['python3', '-m', 'http.server', 'abc'], ['python3', '-m', 'http.server', '{port}']));
  // Shebang scripts show their interpreter in front.
  assert.ok(same(['/usr/bin/python3', './worker.py', '--queue', 'a'], ['./worker.py', '--queue', 'a']));
  assert.ok(same(['/usr/bin/python3', '-u', '/srv/app/worker.py'], ['./worker.py']));
  // A pyenv (rbenv, nodenv, asdf) shim reaches the program in stages; each counts, the words after `exec` must match.
  assert.ok(same(['bash', '/home/dev/.pyenv/shims/python3', 'ghost.py'], ['python3', 'ghost.py']));
  assert.ok(same(['/usr/bin/env', 'bash', '/home/dev/.pyenv/shims/python3', 'ghost.py'], ['python3', 'ghost.py']), "the shim's #!/usr/bin/env bash");
  assert.ok(same(['bash', '/home/dev/.pyenv/libexec/pyenv', 'exec', 'python3', 'ghost.py'], ['python3', 'ghost.py']));
  assert.ok(same(['bash', '/home/dev/.pyenv/libexec/pyenv-exec', 'python3', 'ghost.py'], ['python3', 'ghost.py']), 'the stage that works out the version');
  assert.ok(!same(['bash', '/home/dev/.pyenv/libexec/pyenv-exec', 'python3', 'other.py'], ['python3', 'ghost.py']));
  assert.ok(same(['/usr/bin/asdf', 'exec', 'node', 'server.js'], ['node', 'server.js']));
  assert.ok(!same(['bash', '/home/dev/.pyenv/libexec/pyenv', 'exec', 'python3', 'other.py'], ['python3', 'ghost.py']));
  assert.ok(!same(['bash', '/home/dev/.pyenv/libexec/pyenv', 'which', 'python3', 'ghost.py'], ['python3', 'ghost.py']), 'only exec runs it');
  // Other arguments, fewer or more, are another command.
  assert.ok(!same(['node', 'server.js', '--inspect'], ['node', 'server.js']));
  assert.ok(!same(['node', 'other.js'], ['node', 'server.js']));
  assert.ok(!same(['node'], ['node', 'server.js']));
  // shell: true runs /bin/sh -c LINE.
  assert.ok(same(['/bin/sh', '-c', 'npm run dev -- --port 5556'], ['npm run dev -- --port {port}'], true));
  assert.ok(same(['bash', '-c', 'cd web && npm start'], ['cd web && npm start'], true));
  assert.ok(!same(['/bin/sh', '-c', 'npm start'], ['npm run dev'], true));
  assert.ok(same(['npm', 'run', 'dev'], ['npm run dev'], true), 'the shell exec\'d a simple line');
  assert.ok(!same(['cd', 'web'], ['cd web && npm start'], true), 'a line with syntax is never exec\'d whole');
  // macOS ps loses argument boundaries.
  assert.ok(same(['node', 'my', 'server.js'], ['node', 'my server.js']));
});

test('another cwd, an unknown cwd or no argv is never the same command', () => {
  const spec = { command: ['node', 'server.js'], cwd };
  assert.ok(!runsCommand(at(['node', 'server.js'], { cwd: '/srv/other' }), spec, cwd));
  assert.ok(!runsCommand(at(['node', 'server.js'], { cwd: null }), spec, cwd));
  assert.ok(!runsCommand(at([]), spec, cwd));
});

test('the top of a copy is listed once, and our own process never', () => {
  const spec = { command: ['sh', '-c', 'x'], cwd };
  const table = [
    at(['sh', '-c', 'x'], { pid: 20, ppid: 1 }),
    at(['sh', '-c', 'x'], { pid: 21, ppid: 20 }),
    at(['sh', '-c', 'x'], { pid: process.pid, ppid: 1 }),
  ];
  assert.deepEqual(findDuplicates(table, spec, new Set()).map((e) => e.pid), [20]);
});

test('every stage a real launch passes through counts as the command (each exec of a pyenv shim, where python3 is one)', { skip: process.platform !== 'linux' }, async (t) => {
  const dir = tempHome(t);
  writeFileSync(path.join(dir, 'ghost.py'), "import time\nprint('ready', flush=True)\ntime.sleep(30)\n");
  const child = spawn('python3', ['ghost.py'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  killAtEnd(t, () => [child.pid]);
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`python3 ghost.py exited with ${code}`)));
  });
  let started = false;
  void ready.then(() => (started = true), () => (started = true));
  // Read the argv as often as the loop turns, until the program itself runs (bounded by the deadline).
  // A stage counts when two reads in a row agree: a read in the middle of an exec can mix two stages' argv.
  const stages = new Map<string, string[]>();
  const deadline = Date.now() + 10_000;
  let last = '';
  while (!started && Date.now() < deadline) {
    try {
      const read = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      if (read === last && read.length > 0) stages.set(read, read.split('\0').slice(0, -1));
      last = read;
    } catch {
      // Not exec'd yet, or gone (the ready promise says which).
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await ready;
  const realCwd = readlinkSync(`/proc/${child.pid}/cwd`);
  const unmatched = [...stages.values()].filter((argv) => !runsCommand(at(argv, { cwd: realCwd }), { command: ['python3', 'ghost.py'], cwd: dir }));
  assert.deepEqual(unmatched, [], `seen: ${[...stages.values()].map((argv) => argv.join(' ')).join(' | ')}`);
  assert.ok(stages.size > 0);
});
