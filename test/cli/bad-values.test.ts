/** Every bad value `add` and `edit` can be given: one line, exit 2, config.json untouched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { dataPaths } from '../../app/paths.ts';
import { tempHome } from '../support/temp-home.ts';
import { assertBuilt, runCli, runCliOk } from './cli-process.ts';

test.before(assertBuilt);

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
  await runCliOk(home, ['add', 'web', '--', 'node', 'web.js']);
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

