import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempHome } from '../support/temp-home.ts';
import { assertBuilt, runCli } from './cli-process.ts';

test.before(assertBuilt);

test('--version prints the package version, --help lists the commands', async (t) => {
  const home = tempHome(t);
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8')) as { version: string };
  const version = await runCli(home, ['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), pkg.version);

  for (const args of [['--help'], ['help'], []]) {
    const help = await runCli(home, args);
    assert.equal(help.code, 0, `upkeep ${args.join(' ')}`);
    for (const command of ['daemon', 'serve', 'status', 'add', 'remove', 'restart', 'restore', 'port', 'logs', 'history']) {
      assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    }
  }
  const addHelp = await runCli(home, ['add', '--help']);
  assert.equal(addHelp.code, 0);
  assert.match(addHelp.stdout, /^usage: upkeep add NAME .*-- COMMAND/);
  assert.match((await runCli(home, ['help', 'logs'])).stdout, /^usage: upkeep logs NAME \[-n N\] \[-f\]/);
  assert.match((await runCli(home, ['history', '--help'])).stdout, /^usage: upkeep history NAME \[--since 1h\|2d\] \[--json\]/);
});

const BAD_INPUT: Array<{ args: string[]; says: RegExp }> = [
  { args: ['frob'], says: /unknown command "frob"/ },
  { args: ['--frob'], says: /unknown option --frob/ },
  { args: ['help', 'frob'], says: /unknown command "frob"/ },
  { args: ['add', '../x', '--', 'true'], says: /bad service name "\.\.\/x"/ },
  { args: ['add', 'Web', '--', 'true'], says: /bad service name "Web"/ },
  { args: ['add', 'web', '--port', '99999', '--', 'node', 'web.js'], says: /--port must be a number from 1 to 65535/ },
  { args: ['add', 'web', '--port', '80a', '--', 'node', 'web.js'], says: /--port must be a number/ },
  { args: ['add', 'web', '--bogus', '--', 'node'], says: /unknown option '--bogus'.*upkeep add --help/ },
  { args: ['add', 'web', '--port', '8080'], says: /missing the command: put it after "--"/ },
  { args: ['add', 'web', '--'], says: /missing the command/ },
  { args: ['add', 'web', '--restart', 'sometimes', '--', 'node'], says: /restart/ },
  { args: ['add', 'web', '--env', 'NOEQUALS', '--', 'node'], says: /--env needs KEY=VALUE/ },
  { args: ['add', 'web', '--env', '1X=2', '--', 'node'], says: /env/ },
  { args: ['add', 'web', '--port-env', 'not valid', '--', 'node'], says: /portEnv/ },
  { args: ['add', 'web', '--cwd', '/no/such/dir/upkeep', '--', 'node'], says: /no such directory/ },
  { args: ['add', '--', 'node'], says: /needs a service name/ },
  { args: ['remove'], says: /needs a service name/ },
  { args: ['remove', '../x'], says: /bad service name/ },
  { args: ['start', '../x'], says: /bad service name "\.\.\/x"/ },
  { args: ['restart', 'a', 'b'], says: /unexpected argument "b"/ },
  { args: ['stop'], says: /needs a service name or "all"/ },
  { args: ['port', 'web', '70000'], says: /port must be a number from 1 to 65535/ },
  { args: ['port', 'web', '5000', '--auto'], says: /give one of PORT, --auto or --reset/ },
  { args: ['logs', '../x'], says: /bad service name/ },
  { args: ['logs', 'web', '-n', 'lots'], says: /-n must be a number/ },
  { args: ['logs', 'web'], says: /unknown service "web"/ },
  { args: ['history'], says: /upkeep history needs a service name/ },
  { args: ['history', 'web', '--since', 'yesterday'], says: /--since must be a duration such as 500ms, 15s, 2m, 1h or 2d, not "yesterday"/ },
  { args: ['history', 'web', '--since', '15'], says: /--since must be a duration/ },
  { args: ['history', 'web'], says: /unknown service "web"/ },
  { args: ['status', '--verbose'], says: /unknown option '--verbose'/ },
  { args: ['daemon', 'now'], says: /unexpected argument "now"/ },
  { args: ['serve', '--port', 'http'], says: /--port must be a number/ },
];

test('bad input: one clear line on stderr, exit code 2, nothing written', async (t) => {
  const home = tempHome(t);
  for (const { args, says } of BAD_INPUT) {
    const result = await runCli(home, args);
    const label = `upkeep ${args.join(' ')}`;
    assert.equal(result.code, 2, `${label}: exit code (stderr: ${result.stderr})`);
    assert.equal(result.stdout, '', `${label}: nothing on stdout`);
    const lines = result.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `${label}: exactly one line on stderr, got ${JSON.stringify(lines)}`);
    assert.match(lines[0] ?? '', says, label);
  }
  assert.deepEqual(fs.readdirSync(home), [], 'no command wrote anything');
});

test('commands that need an engine say how to start one, exit 1', async (t) => {
  const home = tempHome(t);
  for (const args of [['start', 'web'], ['restart', 'all'], ['restore', 'web'], ['stop', 'all'], ['port', 'web', '--auto']]) {
    const result = await runCli(home, args);
    assert.equal(result.code, 1, `upkeep ${args.join(' ')}`);
    const lines = result.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /no engine is running; start one with "upkeep daemon"/);
  }
});
