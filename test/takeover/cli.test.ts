import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertBuilt, CliProcess, runCli } from '../cli/cli-process.ts';
import { fixture } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { standInCrontab } from './support.ts';

test('upkeep takeover: --dry-run prints the plan and changes nothing; without a terminal it needs --yes (exit 2); --yes and --undo --yes act', async (t) => {
  assertBuilt();
  const home = tempHome(t);
  const dir = tempHome(t);
  const port = await freePort();
  const line = `*/5 * * * * cd ${dir} && PORT=${port} ${process.execPath} ${fixture('health-server.mjs')}`;
  const crontab = `${line}\n`;
  const cron = standInCrontab(t, crontab);
  // Registered before the daemon's own cleanup (hooks run in order): a failed run leaves no service behind.
  t.after(() => runCli(home, ['stop', 'ghost']).catch(() => undefined));
  const daemon = new CliProcess(t, home, ['daemon'], { PATH: cron.env.PATH, UPKEEP_TEST_CRONTAB: cron.file });
  await daemon.waitForOutput(/upkeep engine running/);

  const dry = await runCli(home, ['takeover', '--from', 'cron:user:1', '--name', 'ghost', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /Take over "ghost":/);
  assert.match(dry.stdout, /Comment out line 1 of your crontab/);
  assert.match(dry.stdout, /\$ crontab -\n/);
  assert.match(dry.stdout, /\(dry run: nothing was changed\)/);
  // `cd DIR && PORT=N program` becomes a cwd, the port and its variable, and an argv without a shell.
  assert.ok(dry.stdout.includes(`Add "ghost" to Upkeep: ${process.execPath} ${fixture('health-server.mjs')} in ${dir}, port ${port} (PORT), env PORT, restart always`), dry.stdout);
  assert.equal(readFileSync(cron.file, 'utf8'), crontab);

  const noTerminal = await runCli(home, ['takeover', '--from', 'cron:user:1', '--name', 'ghost']);
  assert.equal(noTerminal.code, 2);
  assert.match(noTerminal.stdout, /Comment out line 1/, 'the plan is printed first');
  assert.match(noTerminal.stderr, /not a terminal, so nothing was changed: add --yes/);
  assert.equal(readFileSync(cron.file, 'utf8'), crontab);

  const yes = await runCli(home, ['takeover', '--from', 'cron:user:1', '--name', 'ghost', '--yes'], { timeoutMs: 60_000 });
  assert.equal(yes.code, 0, yes.stderr);
  assert.match(yes.stdout, /ghost: one copy, under Upkeep \(pid \d+\); port \d+ answers/);
  assert.match(readFileSync(cron.file, 'utf8'), /^# Taken over by Upkeep as "ghost"/);
  assert.ok(await canConnect(port));

  const undo = await runCli(home, ['takeover', 'ghost', '--undo', '--yes'], { timeoutMs: 60_000 });
  assert.equal(undo.code, 0, undo.stderr);
  assert.match(undo.stdout, /Undo the takeover of "ghost"/);
  assert.equal(readFileSync(cron.file, 'utf8'), crontab);
  await waitFor(async () => !(await canConnect(port)), 'Upkeep’s copy stopped');

  const bad = await runCli(home, ['takeover', '--from', 'nagios:ghost']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--from nagios:ghost: must be pm2:APP/);
});
