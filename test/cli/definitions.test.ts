/** `upkeep add` and `upkeep edit` with every flag, `reload` without an engine, and shell completion: the built CLI, real files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceSpecType, ServiceStatus } from '../../app/api.ts';
import { dataPaths } from '../../app/paths.ts';
import { fixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

function servicesIn(home: string): ServiceSpecType[] {
  return (JSON.parse(fs.readFileSync(dataPaths(home).config, 'utf8')) as { services: ServiceSpecType[] }).services;
}

async function ok(home: string, args: string[], cwd?: string): Promise<string> {
  const result = await runCli(home, args, { cwd });
  assert.equal(result.code, 0, `upkeep ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

test('add takes every field of a definition; paths are made absolute against --cwd', async (t) => {
  const home = tempHome(t);
  const project = path.join(home, 'project');
  fs.mkdirSync(project);
  // Node 20 itself reads a --env-file anywhere on its command line (so the file must exist, relative to where upkeep runs).
  fs.writeFileSync(path.join(project, '.env'), 'FROM_FILE=1\n');
  await ok(home, [
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
  await ok(home, ['add', 'probe', '--health', 'exec:curl -fsS "http://127.0.0.1:{port}/a b"', '--health-grace', '0s', '--when-not-empty', 'inbox', '--', 'true'], project);
  const probe = servicesIn(home).find((s) => s.name === 'probe');
  assert.deepEqual(probe?.health, { kind: 'exec', command: ['curl', '-fsS', 'http://127.0.0.1:{port}/a b'], startGraceMs: 0 });
  assert.equal(probe?.relaunch?.whenNotEmpty, path.join(project, 'inbox'));
  assert.equal(probe?.cwd, project);
  await ok(home, ['add', 'tcpcheck', '--health', 'tcp', '--max-memory', '2G', '--autostart', '--', 'true']);
  const tcp = servicesIn(home).find((s) => s.name === 'tcpcheck');
  assert.deepEqual(tcp?.health, { kind: 'tcp' });
  assert.equal(tcp?.maxMemory, 2 * 1024 ** 3);
  assert.equal(tcp?.autostart, true);
});

test('edit changes only what it is given; list flags replace, --clear returns a field to its default', async (t) => {
  const home = tempHome(t);
  await ok(home, ['add', 'web', '--port', '5000', '--env', 'A=1', '--env', 'B=2', '--health', 'http://127.0.0.1:{port}/', '--health-json', 'a=1', '--health-json', 'b=2', '--health-interval', '3s', '--relaunch-delay', '2s', '--schedule', '0 * * * *', '--', 'node', 'web.js']);
  const before = servicesIn(home)[0]!;

  await ok(home, ['edit', 'web', '--env', 'B=3', '--env', 'C=4', '--unset-env', 'A', '--health-json', 'only="x"', '--clear', 'schedule', '--clear', 'relaunch-delay']);
  const after = servicesIn(home)[0]!;
  assert.deepEqual(after.env, { B: '3', C: '4' });
  assert.deepEqual(after.health, { kind: 'http', url: 'http://127.0.0.1:{port}/', intervalMs: 3000, json: { path: 'only', equals: 'x' } });
  assert.equal(after.schedule, undefined);
  assert.equal(after.relaunch, undefined, 'an emptied relaunch goes with its last field');
  assert.deepEqual({ ...after, env: before.env, health: before.health, schedule: before.schedule, relaunch: before.relaunch }, before, 'nothing else moved');

  // A new kind of check keeps the timings; the command after -- replaces the command.
  await ok(home, ['edit', 'web', '--health', 'tcp', '--', 'node', 'web2.js']);
  assert.deepEqual(servicesIn(home)[0]!.health, { kind: 'tcp', intervalMs: 3000 });
  assert.deepEqual(servicesIn(home)[0]!.command, ['node', 'web2.js']);

  // --port sets the configured port and drops a reassigned one (run state an older version wrote into the file).
  const config = JSON.parse(fs.readFileSync(dataPaths(home).config, 'utf8')) as { services: Array<Record<string, unknown>> };
  config.services[0]!.assignedPort = 5001;
  fs.writeFileSync(dataPaths(home).config, JSON.stringify(config));
  await ok(home, ['edit', 'web', '--port', '6000']);
  assert.equal(servicesIn(home)[0]!.port, 6000);
  assert.equal((servicesIn(home)[0] as Record<string, unknown>).assignedPort, undefined);
  await ok(home, ['edit', 'web', '--clear', 'health', '--clear', 'env', '--clear', 'port']);
  const cleared = servicesIn(home)[0]!;
  assert.equal(cleared.health, undefined);
  assert.equal(cleared.env, undefined);
  assert.equal(cleared.port, undefined);
});

const BAD_VALUES: Array<{ args: string[]; says: RegExp }> = [
  { args: ['--restart', 'sometimes'], says: /restart/ },
  { args: ['--max-restarts', 'x'], says: /--max-restarts must be a whole number/ },
  { args: ['--health', 'ftp://x'], says: /--health must be http:\/\/…, https:\/\/…, tcp or exec:COMMAND/ },
  { args: ['--health', 'exec:'], says: /--health exec: needs a command/ },
  { args: ['--health', 'exec:"unclosed'], says: /unclosed " quote/ },
  { args: ['--health', 'tcp', '--health-interval', '5'], says: /--health-interval must be a duration such as 500ms/ },
  { args: ['--health', 'tcp', '--health-interval', '10ms'], says: /health\.intervalMs/ },
  { args: ['--health', 'tcp', '--health-timeout', 'soon'], says: /--health-timeout must be a duration/ },
  { args: ['--health', 'tcp', '--health-threshold', '0'], says: /--health-threshold must be a whole number of at least 1/ },
  { args: ['--health', 'tcp', '--health-status', '200'], says: /--health-status needs an http health check, not tcp/ },
  { args: ['--health', 'http://x/', '--health-status', '999'], says: /health\.expectStatus/ },
  { args: ['--health', 'http://x/', '--health-json', 'novalue'], says: /--health-json needs PATH=VALUE/ },
  { args: ['--health-json', 'a=1'], says: /--health-json needs a health check: add --health/ },
  { args: ['--on-port-conflict', 'fight'], says: /onPortConflict/ },
  { args: ['--max-memory', '5X'], says: /--max-memory must be a size such as 500M or 2G \(M = MiB, G = GiB\)/ },
  { args: ['--max-memory', '0'], says: /--max-memory must be more than 0/ },
  { args: ['--max-processes', 'many'], says: /--max-processes must be a whole number/ },
  { args: ['--stop-signal', 'STOP'], says: /stopSignal/ },
  { args: ['--stop-timeout', '10'], says: /--stop-timeout must be a duration/ },
  { args: ['--relaunch-delay', 'later'], says: /--relaunch-delay must be a duration/ },
  { args: ['--schedule', '*/5 * * *'], says: /schedule: must be five fields/ },
  { args: ['--schedule', '61 * * * *'], says: /schedule: not a cron expression/ },
  { args: ['--autostart', '--no-autostart'], says: /give --autostart or --no-autostart, not both/ },
  { args: ['--cwd', '/no/such/dir/upkeep'], says: /no such directory/ },
  { args: ['--env', 'NOEQUALS'], says: /--env needs KEY=VALUE/ },
  { args: ['--when-changed'], says: /argument missing/ },
];

test('bad values: one line on stderr, exit 2, config.json untouched byte for byte', async (t) => {
  const home = tempHome(t);
  await ok(home, ['add', 'web', '--', 'node', 'web.js']);
  const bytes = fs.readFileSync(dataPaths(home).config);
  const cases = [
    ...BAD_VALUES.flatMap(({ args, says }) => [
      { args: ['add', 'other', ...args, '--', 'node'], says },
      { args: ['edit', 'web', ...args], says },
    ]),
    { args: ['add', 'other', '--clear', 'port', '--', 'node'], says: /--clear is for "upkeep edit"/ },
    { args: ['add', 'other', '--unset-env', 'A', '--', 'node'], says: /--unset-env is for "upkeep edit"/ },
    { args: ['edit', 'web', '--clear', 'colour'], says: /--clear: unknown field "colour"/ },
    { args: ['edit', 'ghost', '--port', '5000'], says: /unknown service "ghost"/ },
    { args: ['edit', 'web', '--shell'], says: /--shell needs the command line after "--"/ },
    { args: ['edit', 'web', '--'], says: /missing the command after "--"/ },
    { args: ['edit'], says: /needs a service name/ },
    { args: ['completion', 'fish'], says: /completion is for bash or zsh, not "fish"/ },
  ];
  // Four at a time: each is a fresh CLI process, and none of them may write anything.
  const results = new Map<number, Awaited<ReturnType<typeof runCli>>>();
  let nextCase = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (nextCase < cases.length) {
      const index = nextCase++;
      results.set(index, await runCli(home, cases[index]!.args));
    }
  }));
  for (const [index, { args, says }] of cases.entries()) {
    const result = results.get(index)!;
    const label = `upkeep ${args.join(' ')}`;
    assert.equal(result.code, 2, `${label}: exit code (stderr: ${result.stderr})`);
    assert.equal(result.stdout, '', `${label}: nothing on stdout`);
    const lines = result.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `${label}: one line, got ${JSON.stringify(lines)}`);
    assert.match(lines[0] ?? '', says, label);
  }
  assert.deepEqual(fs.readFileSync(dataPaths(home).config), bytes);
});

test('reload without an engine only checks the file, and says so; an invalid file exits 2 naming file, service and field', async (t) => {
  const home = tempHome(t);
  await ok(home, ['add', 'web', '--', 'node', 'web.js']);
  assert.match(await ok(home, ['reload']), /config\.json is valid \(1 service\); no engine is running, so nothing was reloaded/);
  const bad = '{ "services": [ { "name": "web", "command": ["node"], "health": { "kind": "http", "url": "localhost/health" } } ] }';
  fs.writeFileSync(dataPaths(home).config, bad);
  const result = await runCli(home, ['reload']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /config\.json: service "web" \(services\.0\): health\.url: must start with http:\/\//);
  assert.equal(fs.readFileSync(dataPaths(home).config, 'utf8'), bad);
});

/** Runs the completion function in a real bash as if the user had typed `words` and pressed Tab. */
function complete(script: string, words: string[]): string[] {
  const program = `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _upkeep; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program, 'bash', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

test('completion: bash accepts the script, and it completes commands, flags and their values', { skip: spawnSync('bash', ['--version']).status !== 0 && 'no bash here' }, async (t) => {
  const home = tempHome(t);
  const script = path.join(home, 'upkeep.bash');
  fs.writeFileSync(script, await ok(home, ['completion', 'bash']));
  const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  const zsh = await ok(home, ['completion', 'zsh']);
  assert.match(zsh, /bashcompinit/);
  assert.ok(zsh.includes(fs.readFileSync(script, 'utf8').trim()), 'zsh runs the same function');

  assert.deepEqual(complete(script, ['upkeep', 'ed']), ['edit']);
  assert.deepEqual(complete(script, ['upkeep', 're']).sort(), ['reload', 'remove', 'restart', 'restore']);
  assert.deepEqual(complete(script, ['upkeep', 'edit', 'web', '--when-']).sort(), ['--when-changed', '--when-not-empty']);
  assert.deepEqual(complete(script, ['upkeep', 'add', 'web', '--clea']), [], 'add has no --clear');
  assert.deepEqual(complete(script, ['upkeep', 'edit', 'web', '--restart', 'o']), ['on-failure']);
  assert.deepEqual(complete(script, ['upkeep', 'logs', 'web', '-']).sort(), ['-f', '-n']);
  assert.deepEqual(complete(script, ['upkeep', 'completion', 'z']), ['zsh']);
});

test('against a daemon: edit saves and restarts, an invalid hand edit shows in status and makes reload exit 2', async (t) => {
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const pids: number[] = [];
  killAtEnd(t, () => pids);
  await ok(home, ['add', 'web', '--', process.execPath, fixture('forever.mjs')]);
  const statusOf = async (): Promise<ServiceStatus | undefined> => (JSON.parse(await ok(home, ['status', '--json'])) as ServiceStatus[]).find((s) => s.name === 'web');
  const first = await waitFor(async () => (await statusOf())?.pid, 'web running');
  pids.push(first);

  assert.match(await ok(home, ['edit', 'web', '--env', 'EDITED=1']), /web: saved/);
  const second = await waitFor(async () => {
    const status = await statusOf();
    return status?.state === 'running' && status.pid !== first ? status.pid : null;
  }, 'web restarted with the new env');
  pids.push(second);
  assert.deepEqual((await statusOf())?.spec.env, { EDITED: '1' });
  assert.match(await ok(home, ['edit', 'web', '--restart', 'on-failure']), /web: saved/);
  assert.equal((await statusOf())?.pid, second, 'a restart policy applies without a restart');

  const file = dataPaths(home).config;
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { services: Array<Record<string, unknown>> };
  config.services[0]!.maxProcesses = 'lots';
  const bad = JSON.stringify(config, null, 2);
  fs.writeFileSync(file, bad);
  const field = /config\.json: service "web" \(services\.0\): maxProcesses: .*expected number/;
  await waitFor(async () => field.test((await runCli(home, ['status'])).stderr), 'the error in the status header');
  const reload = await runCli(home, ['reload']);
  assert.equal(reload.code, 2);
  assert.match(reload.stderr, field);
  assert.match((await runCli(home, ['status'])).stdout, /maxProcesses/, 'the service row names the problem');
  assert.equal(fs.readFileSync(file, 'utf8'), bad);

  delete config.services[0]!.maxProcesses;
  fs.writeFileSync(file, JSON.stringify(config));
  assert.match(await ok(home, ['reload']), /no changes/);
  assert.equal((await runCli(home, ['status'])).stderr, '');
});

test('against a daemon: edit --port N drops a reassigned port, so the service runs on N', async (t) => {
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const pids: Array<number | null | undefined> = [];
  killAtEnd(t, () => pids);
  const [configured, moved, next] = await Promise.all([freePort(), freePort(), freePort()]);
  await ok(home, ['add', 'web', '--port', String(configured), '--', process.execPath, fixture('forever.mjs')]);
  const portOf = async (): Promise<number | null | undefined> => (JSON.parse(await ok(home, ['status', '--json'])) as ServiceStatus[]).find((s) => s.name === 'web')?.port;
  await ok(home, ['port', 'web', String(moved)]);
  assert.equal(await portOf(), moved);
  await ok(home, ['edit', 'web', '--port', String(configured)]);
  assert.equal(await portOf(), configured, 'the same configured port given again: the reassignment is dropped');
  await ok(home, ['port', 'web', String(moved)]);
  await ok(home, ['edit', 'web', '--port', String(next)]);
  assert.equal(await portOf(), next);
  const status = (JSON.parse(await ok(home, ['status', '--json'])) as ServiceStatus[])[0];
  pids.push(status?.pid);
  assert.equal(status?.configuredPort, next);
});
