import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Finding } from '../../app/rivals/finding.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, fixture } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { isAlive } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { runnerCommand, runnerCopy, standInCrontab } from './support.ts';

function cronFinding(line: number, text: string, copyPid: number): Finding {
  return {
    service: 'ghost',
    kind: 'cron',
    pid: null,
    copyPid,
    evidence: `crontab -l:${line}`,
    respawns: true,
    fix: `comment out line ${line}`,
    scope: 'user',
    commands: [],
    locator: { kind: 'cron', source: 'user', file: 'crontab -l', line, text },
    definition: null,
  };
}

async function setUp(t: import('node:test').TestContext) {
  const port = await freePort();
  const dir = tempHome(t);
  const line = `* * * * * cd ${dir} && PORT=${port} ${process.execPath} ${fixture('health-server.mjs')}`;
  const crontab = `# my jobs\nMAILTO=""\n${line}\n@daily /usr/bin/true\n`;
  const cron = standInCrontab(t, crontab);
  const copy = await runnerCopy(t, port, dir);
  const finding = cronFinding(3, line, copy.pid as number);
  const { engine, dataDir } = await engineWith(t, [{ name: 'ghost', command: runnerCommand(), cwd: dir, port }], {
    env: cron.env,
    takeover: { findRivals: async () => [finding] },
  });
  await waitFor(async () => (await engine.list({})).services[0]?.state === 'blocked', 'ghost blocked by the cron copy');
  return { port, line, crontab, cron, copy, engine, paths: dataPaths(dataDir) };
}

test('cron: the one line is commented out with a marker, the copy stopped, one copy under Upkeep; undo uncomments exactly that line', async (t) => {
  const { port, line, crontab, cron, copy, engine, paths } = await setUp(t);

  const plan = await engine.takeoverPlan({ name: 'ghost' });
  assert.deepEqual(plan.blockers, []);
  assert.ok(plan.steps.some((step) => step.title.startsWith('Comment out line 3 of your crontab') && step.commands.includes('crontab -')));
  // A plan changes nothing.
  assert.equal(readFileSync(cron.file, 'utf8'), crontab);
  assert.ok(isAlive(copy.pid as number));

  const result = await engine.takeover({ name: 'ghost', planId: plan.planId });
  const lines = readFileSync(cron.file, 'utf8').split('\n');
  assert.equal(lines[2], `# Taken over by Upkeep as "ghost" (undo: upkeep takeover ghost --undo): ${line}`);
  assert.deepEqual([lines[0], lines[1], lines[3], lines[4]], ['# my jobs', 'MAILTO=""', '@daily /usr/bin/true', '']);
  await waitFor(() => !isAlive(copy.pid as number), 'the cron copy to be stopped');
  const status = result.services[0];
  assert.equal(status?.state, 'running');
  assert.notEqual(status?.pid, copy.pid);
  assert.ok(await canConnect(port));
  assert.ok(result.steps.some((step) => /one copy, under Upkeep/.test(step)), result.steps.join('\n'));

  assert.equal(statSync(paths.takeover('ghost')).mode & 0o777, 0o600);
  const record = JSON.parse(readFileSync(paths.takeover('ghost'), 'utf8')) as { backups: Array<{ backup: string }>; complete: boolean };
  assert.equal(record.complete, true);
  const backup = record.backups[0]?.backup as string;
  assert.equal(readFileSync(backup, 'utf8'), crontab);
  assert.equal(statSync(backup).mode & 0o777, 0o600);

  // Someone adds a line above it meanwhile: the undo still finds its own line, and keeps theirs.
  writeFileSync(cron.file, `0 5 * * * /usr/bin/backup\n${readFileSync(cron.file, 'utf8')}`);
  const undo = await engine.undoTakeover({ name: 'ghost' });
  assert.equal(readFileSync(cron.file, 'utf8'), `0 5 * * * /usr/bin/backup\n${crontab}`);
  const after = undo.services[0];
  assert.equal(after?.state, 'stopped');
  assert.equal(after?.spec.autostart, false);
  assert.equal(existsSync(paths.takeover('ghost')), false);
});

test('cron: a crontab line that changed between plan and action is a clear error and nothing changes', async (t) => {
  const { line, cron, copy, engine, paths } = await setUp(t);
  const plan = await engine.takeoverPlan({ name: 'ghost' });
  const edited = readFileSync(cron.file, 'utf8').replace(line, `${line} --verbose`);
  writeFileSync(cron.file, edited);

  await assert.rejects(engine.takeover({ name: 'ghost', planId: plan.planId }), /line 3 of the crontab changed since the plan.*nothing was changed/);
  assert.equal(readFileSync(cron.file, 'utf8'), edited);
  assert.ok(isAlive(copy.pid as number));
  assert.equal(existsSync(paths.takeover('ghost')), false);
  assert.equal(existsSync(paths.backupsDir), false);
  assert.equal((await engine.list({})).services[0]?.state, 'blocked');
});
