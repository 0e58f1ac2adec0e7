import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineWith, fixture } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { runnerCommand } from './support.ts';
import { listProcesses } from '../../app/os/table.ts';
import { runsCommand } from '../../app/copies/same-command.ts';

test('a real looping watchdog script, named by its pid: takeover stops it and the copy it keeps starting; one copy under Upkeep', async (t) => {
  const dir = tempHome(t);
  const port = await freePort();
  const script = path.join(dir, 'watchdog.sh');
  // The seeds' watchdog: start the runner whenever it is not running, check again every half second.
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `while true; do`,
      `  if ! kill -0 "$(cat ${dir}/runner.pid 2>/dev/null)" 2>/dev/null; then`,
      `    PORT=${port} ${process.execPath} ${fixture('health-server.mjs')} > /dev/null 2>&1 &`,
      `    echo $! > ${dir}/runner.pid`,
      '  fi',
      '  sleep 0.5',
      'done',
      '',
    ].join('\n'),
  );
  const watchdog = spawn('/bin/sh', [script], { cwd: dir, stdio: 'ignore', detached: true });
  killAtEnd(t, () => [watchdog.pid]);
  await waitFor(() => canConnect(port), 'the watchdog starts the runner');
  const spec = { name: 'ghost', command: runnerCommand(), cwd: dir, port };
  const copies = async () => (await listProcesses()).filter((entry) => runsCommand(entry, spec)).map((entry) => entry.pid);
  const [watchdogCopy] = await copies();
  assert.ok(watchdogCopy);

  const { engine } = await engineWith(t, [spec]);
  const from = `watchdog:${watchdog.pid}`;
  const plan = await engine.takeoverPlan({ from, name: 'ghost' });
  assert.deepEqual(plan.blockers, []);
  assert.equal(plan.definition?.source, 'existing');
  assert.ok(plan.steps.some((step) => step.title.startsWith(`Stop the watchdog ${script} (pid ${watchdog.pid})`)));

  const result = await engine.takeover({ from, name: 'ghost', planId: plan.planId });
  assert.equal(isAlive(watchdog.pid as number), false, 'the watchdog is stopped');
  assert.equal(isAlive(watchdogCopy), false, 'and the copy it started');
  const upkeepPid = result.services[0]?.pid;
  assert.ok(upkeepPid);
  assert.ok(await canConnect(port));
  // Longer than the watchdog's loop: nothing starts another copy.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.deepEqual(await copies(), [upkeepPid]);
});

test('a watchdog pid that is no longer that process: a clear error and nothing changes', async (t) => {
  const { engine } = await engineWith(t, []);
  await assert.rejects(engine.takeoverPlan({ from: 'watchdog:999999999' }), /no process with pid 999999999/);
});
