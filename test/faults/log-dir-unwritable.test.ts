/**
 * Fault: the service's log cannot be written. Tests run as root, so a chmod
 * would not stop anything: the path is made unusable instead (`logs` a plain
 * file, or a directory where the log file should be). The service must still
 * run and be supervised, the problem must be visible in its status, and once
 * the path is repaired a restart brings the log back without losing a line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ServiceStatus } from '../../app/api.ts';
import type { Engine } from '../../app/engine/index.ts';
import { LOG_DEFAULTS } from '../../app/config/defaults.ts';
import { dataPaths, type DataPaths } from '../../app/paths.ts';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

const BLOCKERS: Array<{ what: string; block: (paths: DataPaths, name: string) => void }> = [
  { what: 'logs is a regular file', block: (paths) => writeFileSync(paths.logsDir, 'not a directory\n') },
  { what: 'the log file is a directory', block: (paths, name) => mkdirSync(paths.log(name), { recursive: true }) },
];

async function runningStatus(engine: Engine, name: string, notPid: number | null = null): Promise<ServiceStatus> {
  return waitFor(async () => {
    const s = (await engine.list({})).services.find((x) => x.name === name);
    return s?.state === 'running' && s.pid !== null && s.pid !== notPid && s;
  }, `${name} running${notPid ? ` again (not pid ${notPid})` : ''}`);
}

for (const { what, block } of BLOCKERS) {
  test(`log not writable (${what}): the service runs, is supervised, and the error is shown`, async (t) => {
    const dataDir = tempHome(t);
    const paths = dataPaths(dataDir);
    const name = uniqueName('nolog');
    block(paths, name);
    let pids: number[] = [];
    killAtEnd(t, () => pids);
    const { engine } = await engineWith(t, [{ name, command: nodeFixture('forever.mjs') }], { dataDir });

    const first = await runningStatus(engine, name);
    pids = await pidsWithEnv('UPKEEP_SERVICE', name);
    assert.deepEqual(pids, [first.pid], 'one copy runs');
    assert.equal(first.problem?.kind, 'log', `the log problem is in the status: ${JSON.stringify(first.problem)}`);
    assert.ok(first.problem.kind === 'log' && first.problem.message.includes(paths.log(name)), 'it names the log file');

    // Asking for the logs is answered (an error or nothing), never a crash.
    await engine.logs({ name }).then(
      (logs) => assert.deepEqual(logs.lines, []),
      (error: unknown) => assert.ok(error instanceof Error),
    );

    // Still supervised: a crash is restarted, once, and the problem is still shown.
    process.kill(first.pid!, 'SIGKILL');
    const second = await runningStatus(engine, name, first.pid);
    pids = await pidsWithEnv('UPKEEP_SERVICE', name);
    assert.deepEqual(pids, [second.pid]);
    assert.equal(second.problem?.kind, 'log');

    // Repaired: a restart writes the log again, every line of the new run in it, and the problem is gone.
    rmSync(paths.logsDir, { recursive: true, force: true });
    const restarted = (await engine.restart({ name })).services[0]!;
    assert.equal(restarted.state, 'running');
    assert.equal(restarted.problem, null, 'the problem clears once the log is writable');
    pids = await pidsWithEnv('UPKEEP_SERVICE', name);
    assert.deepEqual(pids, [restarted.pid]);
    assert.equal(isAlive(second.pid!), false, 'the old copy is gone');
    await waitFor(() => readFileSync(paths.log(name), 'utf8').includes(`up pid=${restarted.pid}`), 'the new run in the log');
  });
}

test(
  'log rotation resumes once a logs folder that was unusable at engine start is repaired',
  async (t) => {
    const dataDir = tempHome(t);
    const paths = dataPaths(dataDir);
    const name = uniqueName('norotate');
    writeFileSync(paths.logsDir, 'not a directory\n');
    let pids: number[] = [];
    killAtEnd(t, () => pids);
    const { engine } = await engineWith(t, [{ name, command: nodeFixture('forever.mjs') }], { dataDir });
    const first = await runningStatus(engine, name);
    pids = [first.pid!];
    rmSync(paths.logsDir, { force: true });
    const restarted = (await engine.restart({ name })).services[0]!;
    pids.push(restarted.pid!);
    assert.equal(restarted.problem, null);

    // A log past the rotation size is rotated within a few seconds when logs/ was fine at start (CHECK_EVERY_MS is 2 s).
    appendFileSync(paths.log(name), Buffer.alloc(LOG_DEFAULTS.maxBytes + 1024, 0x61));
    await waitFor(() => existsSync(`${paths.log(name)}.1`), 'the oversized log to be rotated', 4_500).catch(() => undefined);
    assert.ok(existsSync(`${paths.log(name)}.1`), 'the log grew past the limit and was never rotated');
  },
);
