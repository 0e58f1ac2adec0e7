import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startEngine } from '../../app/engine/index.ts';
import { addServiceToConfig } from '../../app/config/store.ts';
import { dataPaths } from '../../app/paths.ts';
import { writeRecord, readRecords } from '../../app/registry/records.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { forceOsLayer } from '../../app/os/current.ts';
import { darwin } from '../../app/os/darwin.ts';
import { engineWith, fixture, nodeFixture, uniqueName, FAST_TIMING } from '../support/engine.ts';
import { tempHome } from '../support/temp-home.ts';
import { nextServiceEvent, waitFor } from '../support/wait.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';

interface Line {
  ready?: boolean;
  pid: number | null;
  name?: string;
  state?: string;
}

test('an engine killed with SIGKILL leaves the service running; the next engine adopts the same pid', async (t) => {
  const dataDir = tempHome(t);
  const name = uniqueName('adoptee');
  addServiceToConfig(dataPaths(dataDir), { name, command: nodeFixture('forever.mjs') });

  const first = spawn(process.execPath, ['--import', 'tsx', fixture('engine-process.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let servicePid: number | null = null;
  killAtEnd(t, () => [first.pid, servicePid]);
  const lines = createInterface({ input: first.stdout });
  servicePid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('first engine did not start the service')), 15_000);
    lines.on('line', (text) => {
      const line = JSON.parse(text) as Line;
      if (line.name === name && line.state === 'running' && line.pid) {
        clearTimeout(timer);
        resolve(line.pid);
      }
    });
  });
  const exited = new Promise((resolve) => first.once('exit', resolve));
  first.kill('SIGKILL');
  await exited;
  assert.ok(isAlive(servicePid), 'the service outlives its engine');

  const engine = await startEngine({ dataDir, timing: FAST_TIMING });
  t.after(() => engine.close({ stopServices: true }));
  const status = (await engine.list({})).services[0]!;
  assert.equal(status.pid, servicePid);
  assert.equal(status.adopted, true);
  assert.equal(status.state, 'running');
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [servicePid], 'no second copy');

  // Adopted processes are watched: when it dies, the restart policy applies.
  const restarted = nextServiceEvent(engine, (e) => e.status.state === 'running' && e.status.pid !== servicePid, 'restart of the adopted service');
  process.kill(servicePid, 'SIGKILL');
  const event = await restarted;
  assert.equal(event.status.adopted, false);
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [event.status.pid]);
});

test('a record whose pid now belongs to another process is dropped, and that process is left alone', async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  const stranger = spawn(process.execPath, [fixture('forever.mjs')], { stdio: 'ignore' });
  killAtEnd(t, () => [stranger.pid]);
  await waitFor(() => stranger.pid && isAlive(stranger.pid), 'stranger up');
  addServiceToConfig(paths, { name: 'svc', command: nodeFixture('forever.mjs') });
  // The record says "svc runs as pid N", but pid N started at another time: a reused pid.
  writeRecord(paths, {
    name: 'svc', pid: stranger.pid!, startTime: 'linux:1', pgid: stranger.pid!, port: null, logPath: paths.log('svc'),
    command: ['old'], cwd: dataDir, startedAt: 0, runId: 'old',
  });

  const { engine } = await engineWith(t, [], { dataDir });
  const status = await waitFor(async () => {
    const s = (await engine.list({})).services[0]!;
    return s.state === 'running' && s;
  }, 'svc started fresh');
  assert.notEqual(status.pid, stranger.pid);
  assert.equal(status.adopted, false);
  await engine.close({ stopServices: true });
  assert.ok(isAlive(stranger.pid!), 'the stranger survived the engine and its stop');
});

/** An engine closed without its services, the run's record garbled: the next engine can only find the run by its tags. */
async function adoptsByTags(t: TestContext, dataDir: string): Promise<void> {
  const paths = dataPaths(dataDir);
  const name = uniqueName('tagged');
  addServiceToConfig(paths, { name, command: nodeFixture('forever.mjs') });
  const first = await startEngine({ dataDir, timing: FAST_TIMING });
  const pid = await waitFor(async () => (await first.list({})).services[0]?.pid, 'first run');
  killAtEnd(t, () => [pid]);
  await first.close({ stopServices: false });
  writeFileSync(paths.record(name), '{"pid": "not a number"');

  const { engine } = await engineWith(t, [], { dataDir });
  const status = (await engine.list({})).services[0]!;
  assert.equal(status.pid, pid);
  assert.equal(status.adopted, true);
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [pid], 'not started twice');
  assert.equal(readRecords(paths).records[0]?.pid, pid, 'the record is written again');

  await engine.stop({ name });
  assert.equal(isAlive(pid), false);
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [], 'stop leaves nothing');
}

test('a run whose record is garbage is still found by its tags and adopted, not started twice', async (t) => {
  await adoptsByTags(t, tempHome(t));
});

test('on the macOS layer (ps eww, lsof; procps here) too, in a data dir with a space as on a Mac', async (t) => {
  t.after(forceOsLayer(darwin));
  const dataDir = path.join(tempHome(t), 'Library', 'Application Support', 'Upkeep');
  mkdirSync(dataDir, { recursive: true });
  await adoptsByTags(t, dataDir);
});
