/** `upkeep add` and `upkeep edit` with every field, and `reload` without an engine: the built CLI, real files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceSpecType } from '../../app/api.ts';
import { dataPaths } from '../../app/paths.ts';
import { tempHome } from '../support/temp-home.ts';
import { assertBuilt, runCli, runCliOk } from './cli-process.ts';

test.before(assertBuilt);

function servicesIn(home: string): ServiceSpecType[] {
  return (JSON.parse(fs.readFileSync(dataPaths(home).config, 'utf8')) as { services: ServiceSpecType[] }).services;
}

test('add takes every field of a definition; paths are made absolute against --cwd', async (t) => {
  const home = tempHome(t);
  const project = path.join(home, 'project');
  fs.mkdirSync(project);
  // Node 20 itself reads a --env-file anywhere on its command line (so the file must exist, relative to where upkeep runs).
  fs.writeFileSync(path.join(project, '.env'), 'FROM_FILE=1\n');
  await runCliOk(home, [
    'add', 'runner',
    '--cwd', project,
    '--port', '5555', '--port-env', 'RUNNER_PORT',
    '--env', 'A=1', '--env', 'B=two=2',
    '--env-file', '.env', '--venv', '.venv',
    '--no-autostart', '--restart', 'on-failure', '--max-restarts', '4',
    '--health', 'http://127.0.0.1:{port}/health',
    '--health-interval', '2s', '--health-timeout', '500ms', '--health-grace', '1m', '--health-threshold', '2', '--health-status', '204',
    '--health-json', 'overall_status=operational', '--health-json', 'ok=true', '--health-json', 'count=3', '--health-json', 'gone=null', '--health-json', 'label="7"',
    '--on-port-conflict', 'reassign',
    '--max-memory', '500M', '--max-processes', '20',
    '--stop-signal', 'INT', '--stop-timeout', '10s',
    '--relaunch-delay', '15s', '--when-not-empty', 'queue', '--when-changed', 'a.txt', '--when-changed', '/etc/hosts',
    '--schedule', '*/5 * * * *',
    '--', 'python', 'runner.py', '--verbose',
  ], project);
  assert.deepEqual(servicesIn(home), [
    {
      name: 'runner',
      cwd: project,
      port: 5555,
      portEnv: 'RUNNER_PORT',
      env: { A: '1', B: 'two=2' },
      envFile: path.join(project, '.env'),
      venv: path.join(project, '.venv'),
      autostart: false,
      restart: 'on-failure',
      maxRestarts: 4,
      health: {
        kind: 'http',
        url: 'http://127.0.0.1:{port}/health',
        intervalMs: 2000,
        timeoutMs: 500,
        startGraceMs: 60_000,
        failureThreshold: 2,
        expectStatus: 204,
        json: [
          { path: 'overall_status', equals: 'operational' },
          { path: 'ok', equals: true },
          { path: 'count', equals: 3 },
          { path: 'gone', equals: null },
          { path: 'label', equals: '7' },
        ],
      },
      onPortConflict: 'reassign',
      maxMemory: 500 * 1024 * 1024,
      maxProcesses: 20,
      stopSignal: 'SIGINT',
      stopTimeoutMs: 10_000,
      relaunch: { delayMs: 15_000, whenNotEmpty: path.join(project, 'queue'), whenChanged: [path.join(project, 'a.txt'), '/etc/hosts'] },
      schedule: '*/5 * * * *',
      command: ['python', 'runner.py', '--verbose'],
    },
  ]);

  // Without --cwd, relative paths are against the directory the command is typed in; exec: is split like a shell line.
  await runCliOk(home, ['add', 'probe', '--health', 'exec:curl -fsS "http://127.0.0.1:{port}/a b"', '--health-grace', '0s', '--when-not-empty', 'inbox', '--', 'true'], project);
  const probe = servicesIn(home).find((s) => s.name === 'probe');
  assert.deepEqual(probe?.health, { kind: 'exec', command: ['curl', '-fsS', 'http://127.0.0.1:{port}/a b'], startGraceMs: 0 });
  assert.equal(probe?.relaunch?.whenNotEmpty, path.join(project, 'inbox'));
  assert.equal(probe?.cwd, project);
  await runCliOk(home, ['add', 'tcpcheck', '--health', 'tcp', '--max-memory', '2G', '--autostart', '--', 'true']);
  const tcp = servicesIn(home).find((s) => s.name === 'tcpcheck');
  assert.deepEqual(tcp?.health, { kind: 'tcp' });
  assert.equal(tcp?.maxMemory, 2 * 1024 ** 3);
  assert.equal(tcp?.autostart, true);
});

test('edit changes only what it is given; list flags replace, --clear returns a field to its default', async (t) => {
  const home = tempHome(t);
  await runCliOk(home, ['add', 'web', '--port', '5000', '--env', 'A=1', '--env', 'B=2', '--health', 'http://127.0.0.1:{port}/', '--health-json', 'a=1', '--health-json', 'b=2', '--health-interval', '3s', '--relaunch-delay', '2s', '--schedule', '0 * * * *', '--', 'node', 'web.js']);
  const before = servicesIn(home)[0]!;

  await runCliOk(home, ['edit', 'web', '--env', 'B=3', '--env', 'C=4', '--unset-env', 'A', '--health-json', 'only="x"', '--clear', 'schedule', '--clear', 'relaunch-delay']);
  const after = servicesIn(home)[0]!;
  assert.deepEqual(after.env, { B: '3', C: '4' });
  assert.deepEqual(after.health, { kind: 'http', url: 'http://127.0.0.1:{port}/', intervalMs: 3000, json: { path: 'only', equals: 'x' } });
  assert.equal(after.schedule, undefined);
  assert.equal(after.relaunch, undefined, 'an emptied relaunch goes with its last field');
  assert.deepEqual({ ...after, env: before.env, health: before.health, schedule: before.schedule, relaunch: before.relaunch }, before, 'nothing else moved');

  // A new kind of check keeps the timings; the command after -- replaces the command.
  await runCliOk(home, ['edit', 'web', '--health', 'tcp', '--', 'node', 'web2.js']);
  assert.deepEqual(servicesIn(home)[0]!.health, { kind: 'tcp', intervalMs: 3000 });
  assert.deepEqual(servicesIn(home)[0]!.command, ['node', 'web2.js']);

  // --port sets the configured port and drops a reassigned one (run state an older version wrote into the file).
  const config = JSON.parse(fs.readFileSync(dataPaths(home).config, 'utf8')) as { services: Array<Record<string, unknown>> };
  config.services[0]!.assignedPort = 5001;
  fs.writeFileSync(dataPaths(home).config, JSON.stringify(config));
  await runCliOk(home, ['edit', 'web', '--port', '6000']);
  assert.equal(servicesIn(home)[0]!.port, 6000);
  assert.equal((servicesIn(home)[0] as Record<string, unknown>).assignedPort, undefined);
  await runCliOk(home, ['edit', 'web', '--clear', 'health', '--clear', 'env', '--clear', 'port']);
  const cleared = servicesIn(home)[0]!;
  assert.equal(cleared.health, undefined);
  assert.equal(cleared.env, undefined);
  assert.equal(cleared.port, undefined);
});

test('reload without an engine only checks the file, and says so; an invalid file exits 2 naming file, service and field', async (t) => {
  const home = tempHome(t);
  await runCliOk(home, ['add', 'web', '--', 'node', 'web.js']);
  assert.match(await runCliOk(home, ['reload']), /config\.json is valid \(1 service\); no engine is running, so nothing was reloaded/);
  const bad = '{ "services": [ { "name": "web", "command": ["node"], "health": { "kind": "http", "url": "localhost/health" } } ] }';
  fs.writeFileSync(dataPaths(home).config, bad);
  const result = await runCli(home, ['reload']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /config\.json: service "web" \(services\.0\): health\.url: must start with http:\/\//);
  assert.equal(fs.readFileSync(dataPaths(home).config, 'utf8'), bad);
});

