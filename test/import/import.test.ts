import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataPaths } from '../../app/paths.ts';
import { assertBuilt, runCli } from '../cli/cli-process.ts';
import { tempHome } from '../support/temp-home.ts';

const servicesIn = (home: string) => (JSON.parse(readFileSync(dataPaths(home).config, 'utf8')) as { services: Array<Record<string, unknown>> }).services;

test('import an ecosystem.config.js: evaluated in a child, printed as a table; --dry-run adds nothing; then added without the shell env', async (t) => {
  assertBuilt();
  const home = tempHome(t);
  const dir = tempHome(t);
  const file = path.join(dir, 'ecosystem.config.js');
  writeFileSync(
    file,
    `const base = 4000;\nmodule.exports = { apps: [{ name: 'ghost', script: 'ghost.py', interpreter: 'python3', cwd: ${JSON.stringify(dir)}, env: { PORT: String(base + 1), MODE: 'live', HOME: '/root', API_TOKEN: 'x' } }] };\n`,
  );
  const dry = await runCli(home, ['import', file, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^NAME\s+COMMAND\s+CWD\s+PORT\s+RESTART\s+FROM$/m);
  assert.match(dry.stdout, new RegExp(`^ghost\\s+python3 ${dir}/ghost\\.py\\s+${dir}\\s+4001\\s+always\\s+ghost$`, 'm'));
  assert.match(dry.stderr, /ghost: not copied .*API_TOKEN/);
  assert.match(dry.stdout, /dry run: nothing was added/);
  assert.equal(existsSync(dataPaths(home).config), false);

  const added = await runCli(home, ['import', file]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(servicesIn(home), [{ name: 'ghost', command: ['python3', path.join(dir, 'ghost.py')], cwd: dir, env: { PORT: '4001', MODE: 'live' }, port: 4001, restart: 'always' }]);

  const again = await runCli(home, ['import', file]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /a service named "ghost" exists already; nothing was added/);
});

test('a malformed ecosystem file, and one that never finishes: a clear error naming the file; config.json unchanged byte for byte', async (t) => {
  assertBuilt();
  const home = tempHome(t);
  const dir = tempHome(t);
  writeFileSync(path.join(dir, 'Procfile'), 'web: node server.js\n');
  assert.equal((await runCli(home, ['import', path.join(dir, 'Procfile')])).code, 0);
  const before = readFileSync(dataPaths(home).config);

  const broken = path.join(dir, 'ecosystem.config.cjs');
  writeFileSync(broken, 'module.exports = { apps: [ { name: "x", script: "a.js" }, \n');
  const bad = await runCli(home, ['import', broken]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, new RegExp(`${broken}: cannot be evaluated: SyntaxError.*nothing was added`));

  const endless = path.join(dir, 'ecosystem.json.config.js');
  writeFileSync(endless, 'while (true) {}\n');
  const stuck = await runCli(home, ['import', endless], { timeoutMs: 20_000 });
  assert.equal(stuck.code, 2);
  assert.match(stuck.stderr, /cannot be evaluated: did not finish within 5 s/);

  const json = path.join(dir, 'ecosystem.config.json');
  writeFileSync(json, '{"apps": [{"name": "w", "script": "w.js", "exec_mode": "cluster", "instances": 4}]}');
  const cluster = await runCli(home, ['import', json]);
  assert.equal(cluster.code, 2);
  assert.match(cluster.stderr, /w: exec_mode cluster is not supported by Upkeep; .*instances 4 is not supported.*nothing was added/);

  assert.deepEqual(readFileSync(dataPaths(home).config), before);
});

test('a Procfile with its .env, process-compose.yaml, supervisord.conf, a unit: one parser each; an unsupported field adds nothing', async (t) => {
  assertBuilt();
  const dir = tempHome(t);
  writeFileSync(path.join(dir, 'Procfile'), 'web: python3 app.py --port $PORT\nworker: python3 worker.py\n');
  writeFileSync(path.join(dir, '.env'), 'PORT=5555\nQUEUE=jobs\nSECRET_KEY=s\n');
  const procfileHome = tempHome(t);
  const procfile = await runCli(procfileHome, ['import', path.join(dir, 'Procfile')]);
  assert.equal(procfile.code, 0, procfile.stderr);
  const [web, worker] = servicesIn(procfileHome);
  assert.deepEqual(web, { name: 'web', command: ['/bin/sh', '-c', 'python3 app.py --port $PORT'], cwd: dir, env: { PORT: '5555', QUEUE: 'jobs' }, port: 5555, restart: 'always' });
  assert.deepEqual(worker?.command, ['python3', 'worker.py']);

  const compose = path.join(dir, 'process-compose.yaml');
  writeFileSync(compose, 'version: "0.5"\nprocesses:\n  api:\n    command: node api.js\n    environment: ["PORT=8080"]\n    availability:\n      restart: on_failure\n    depends_on:\n      db: { condition: process_started }\n');
  const composeHome = tempHome(t);
  const refused = await runCli(composeHome, ['import', compose]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /processes\.api: depends_on is not supported by Upkeep; nothing was added/);
  assert.equal(existsSync(dataPaths(composeHome).config), false);

  const conf = path.join(dir, 'supervisord.conf');
  writeFileSync(conf, '[program:ghost]\ncommand=python3 ghost.py\ndirectory=/srv/ghost\nenvironment=PORT="5555"\nautorestart=true\n');
  const supervised = await runCli(tempHome(t), ['import', conf, '--dry-run']);
  assert.equal(supervised.code, 0, supervised.stderr);
  assert.match(supervised.stdout, /^ghost\s+python3 ghost\.py\s+\/srv\/ghost\s+5555\s+always\s+program:ghost$/m);

  const unit = path.join(dir, 'ghost.service');
  writeFileSync(unit, '[Service]\nExecStart=/usr/bin/python3 ghost.py\nRestart=on-failure\n');
  const fromUnit = await runCli(tempHome(t), ['import', unit, '--dry-run']);
  assert.match(fromUnit.stdout, /^ghost\s+\/usr\/bin\/python3 ghost\.py\s+-\s+-\s+on-failure\s+ghost\.service$/m);

  const plist = path.join(dir, 'broken.plist');
  writeFileSync(plist, 'not a plist');
  const badPlist = await runCli(tempHome(t), ['import', plist]);
  assert.equal(badPlist.code, 2);
  assert.match(badPlist.stderr, /broken\.plist: not a property list/);
});

test('upkeep import pm2 reads $PM2_HOME/dump.pm2 (what pm2 resurrect brings back), without the shell env PM2 saved', async (t) => {
  assertBuilt();
  const pm2Home = tempHome(t);
  const dump = [{ name: 'ghost', pm_exec_path: '/srv/ghost/app.js', pm_cwd: '/srv/ghost', exec_interpreter: 'node', autorestart: true, pm_id: 0, env: { PORT: '5555', PATH: '/usr/bin', HOME: '/root', NPM_TOKEN: 'x' } }];
  writeFileSync(path.join(pm2Home, 'dump.pm2'), JSON.stringify(dump));
  const result = await runCli(tempHome(t), ['import', 'pm2', '--dry-run'], { env: { PM2_HOME: pm2Home } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^ghost\s+node \/srv\/ghost\/app\.js\s+\/srv\/ghost\s+5555\s+always\s+ghost$/m);
  assert.match(result.stderr, /not copied .*NPM_TOKEN/);
});
