/** The CLI with no engine running: add/remove edit config.json, status reads config and verified run records, logs read files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceStatus } from '../../app/api.ts';
import { dataPaths } from '../../app/paths.ts';
import { processStartTime } from '../../app/os/identity.ts';
import { writeRecord } from '../../app/registry/records.ts';
import { writeRunState } from '../../app/registry/run-state.ts';
import { fixture } from '../support/engine.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

const readConfigFile = (home: string): { services?: Array<Record<string, unknown>> } =>
  JSON.parse(fs.readFileSync(dataPaths(home).config, 'utf8')) as { services?: Array<Record<string, unknown>> };

const statusJson = async (home: string): Promise<ServiceStatus[]> => {
  const result = await runCli(home, ['status', '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as ServiceStatus[];
};

test('add without --cwd runs the command where add was typed (a relative script path keeps working)', async (t) => {
  const home = tempHome(t);
  const workDir = fs.mkdtempSync(path.join(home, 'project-'));
  const added = await runCli(home, ['add', 'api', '--', 'node', 'server.js'], { cwd: workDir });
  assert.equal(added.code, 0, added.stderr);
  assert.equal(readConfigFile(home).services?.[0]?.cwd, fs.realpathSync(workDir));
});

test('add and remove work without an engine, and status --json shows what config knows', async (t) => {
  const home = tempHome(t);
  const workDir = fs.mkdtempSync(path.join(home, 'work-'));
  const relative = path.relative(process.cwd(), workDir);
  const added = await runCli(home, [
    'add', 'web', '--port', '8080', '--port-env', 'WEB_PORT', '--restart', 'on-failure', '--cwd', relative,
    '--env', 'A=1', '--env', 'B=x=y', '--no-autostart', '--', 'node', 'server.js', '--verbose',
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /added "web"/);
  assert.deepEqual(readConfigFile(home).services, [
    {
      name: 'web',
      command: ['node', 'server.js', '--verbose'],
      port: 8080,
      portEnv: 'WEB_PORT',
      restart: 'on-failure',
      cwd: workDir,
      env: { A: '1', B: 'x=y' },
      autostart: false,
    },
  ]);

  const duplicate = await runCli(home, ['add', 'web', '--', 'node', 'other.js']);
  assert.equal(duplicate.code, 2);
  assert.match(duplicate.stderr, /already exists/);
  assert.equal(readConfigFile(home).services?.length, 1, 'the duplicate was not written');

  const status = await runCli(home, ['status', '--json']);
  assert.equal(status.code, 0);
  assert.match(status.stderr, /no engine is running/);
  const services = JSON.parse(status.stdout) as ServiceStatus[];
  assert.equal(services.length, 1);
  const web = services[0];
  assert.ok(web);
  assert.equal(web.name, 'web');
  assert.equal(web.state, 'stopped');
  assert.equal(web.pid, null);
  assert.equal(web.port, 8080);
  assert.equal(web.restarts, 0);
  assert.equal(web.uptimeMs, null);
  assert.equal(web.lastExit, null);

  const removed = await runCli(home, ['remove', 'web']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(readConfigFile(home).services, []);
  const again = await runCli(home, ['remove', 'web']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /no service named "web"/);
});

test('--shell keeps the command as one shell line', async (t) => {
  const home = tempHome(t);
  assert.equal((await runCli(home, ['add', 'dev', '--shell', '--', 'npm run dev && echo done'])).code, 0);
  assert.deepEqual(readConfigFile(home).services?.[0], { name: 'dev', command: ['npm run dev && echo done'], cwd: fs.realpathSync(process.cwd()), shell: true });
});

test('without an engine, status trusts a run record only while its pid has the recorded start time', async (t) => {
  const home = tempHome(t);
  const paths = dataPaths(home);
  for (const name of ['alive', 'reused']) {
    assert.equal((await runCli(home, ['add', name, '--port', name === 'alive' ? '7001' : '7002', '--', 'node', 'x.js'])).code, 0);
  }
  const child = spawn(process.execPath, [fixture('forever.mjs')], { stdio: 'ignore', detached: true });
  killAtEnd(t, () => [child.pid]);
  const pid = child.pid ?? 0;
  const startTime = await waitFor(() => processStartTime(pid), 'the child to exist');
  const record = { pgid: pid, logPath: paths.log('alive'), command: ['node', 'x.js'], cwd: home, runId: 'r1' };
  writeRecord(paths, { ...record, name: 'alive', pid, startTime, port: 7005, startedAt: Date.now() - 65_000 });
  writeRunState(paths, 'alive', { assignedPort: 7005, restarts: 2, runs: 0, lastExit: null });
  // Same live pid, another start time: the pid was reused by some other process, which is not our service.
  writeRecord(paths, { ...record, name: 'reused', pid, startTime: `${startTime}0`, port: 7002, startedAt: Date.now() });

  const services = await statusJson(home);
  const alive = services.find((s) => s.name === 'alive');
  const reused = services.find((s) => s.name === 'reused');
  assert.equal(alive?.state, 'running');
  assert.equal(alive?.pid, pid);
  assert.equal(alive?.port, 7005);
  assert.equal(alive?.configuredPort, 7001);
  assert.equal(alive?.restarts, 2);
  assert.ok((alive?.uptimeMs ?? 0) >= 65_000);
  assert.equal(reused?.state, 'stopped');
  assert.equal(reused?.pid, null);

  const table = await runCli(home, ['status']);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /^up\s+2 services · no engine/);
  assert.match(table.stdout, new RegExp(`^alive\\s+running\\s+-\\s+${pid}\\s+7005 \\(set 7001\\)\\s+1m \\d+s\\s+2\\b`, 'm'));
  assert.match(table.stdout, /^reused\s+stopped\s+-\s+-\s+7002\s/m);
  assert.ok(!table.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
});

test('an unreadable config.json: status still answers (exit 0), names the file, and leaves it as it was', async (t) => {
  const home = tempHome(t);
  const config = dataPaths(home).config;
  fs.writeFileSync(config, '{"services": [{"name": "../x", "command": []}]}');
  const before = fs.readFileSync(config);
  const result = await runCli(home, ['status', '--json']);
  assert.equal(result.code, 0);
  assert.deepEqual(JSON.parse(result.stdout), []);
  // The file, the service and the field.
  assert.match(result.stderr, new RegExp(`${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: service "\\.\\./x" \\(services\\.0\\): name:`));
  const add = await runCli(home, ['add', 'web', '--', 'node']);
  assert.notEqual(add.code, 0);
  assert.deepEqual(fs.readFileSync(config), before, 'config.json kept byte for byte');
});

test('logs: the last N lines from the file, and -f follows what is appended until Ctrl-C', async (t) => {
  const home = tempHome(t);
  assert.equal((await runCli(home, ['add', 'web', '--', 'node', 'x.js'])).code, 0);
  const log = dataPaths(home).log('web');
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.writeFileSync(log, Array.from({ length: 500 }, (_, i) => `line ${i + 1}\n`).join(''));

  const three = await runCli(home, ['logs', 'web', '-n', '3']);
  assert.equal(three.code, 0);
  assert.equal(three.stdout, 'line 498\nline 499\nline 500\n');
  const byDefault = (await runCli(home, ['logs', 'web'])).stdout.trim().split('\n');
  assert.equal(byDefault.length, 200);
  assert.equal(byDefault[0], 'line 301');

  const follow = new CliProcess(t, home, ['logs', 'web', '-f', '-n', '1']);
  await follow.waitForOutput(/line 500\n/);
  fs.appendFileSync(log, 'fresh 1\nfresh 2\n');
  await follow.waitForOutput(/fresh 2\n/);
  // Copy-truncate rotation, as the engine does it: the follower starts over at the top of the same file.
  fs.copyFileSync(log, `${log}.1`);
  fs.truncateSync(log, 0);
  fs.appendFileSync(log, 'after rotation\n');
  await follow.waitForOutput(/after rotation\n/);
  assert.equal(follow.stdout, 'line 500\nfresh 1\nfresh 2\nafter rotation\n');
  follow.child.kill('SIGINT');
  assert.deepEqual(await follow.exited, { code: 0, signal: null });
});
