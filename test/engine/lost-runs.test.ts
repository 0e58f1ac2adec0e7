/**
 * A run of ours that no runner owns is stopped, so one copy runs. It is what
 * an engine killed in the middle of a spawn leaves: a child that execs, and
 * takes the run's tags, only after the next engine looked at start-up, while
 * that engine starts the service itself (seen in CI as a flake of
 * restart-in-flight.test.ts). Here the late child is a process started with
 * the tags of a run of this data dir after the engine is up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { TAG } from '../../app/runs/tags.ts';
import { uniqueHex } from '../../app/shared/unique-id.ts';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

test('a tagged run of the service that appears after start-up and no runner owns is stopped, with a notice; one copy runs; another data dir’s run is left alone', async (t) => {
  const dataDir = tempHome(t);
  const otherDataDir = tempHome(t);
  const name = uniqueName('lost');
  const command = nodeFixture('forever.mjs', name);
  const { engine } = await engineWith(t, [{ name, command }], { dataDir });
  const notices: string[] = [];
  const off = engine.on('notice', (notice) => notices.push(notice.message));
  t.after(off);
  const ours = await waitFor(async () => {
    const s = (await engine.list({})).services[0];
    return s?.state === 'running' && s.pid;
  }, `${name} running`);

  // Started as the engine would start a run (own session and group, the run's tags).
  const runOf = (dir: string) =>
    spawn(command[0]!, command.slice(1), {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [TAG.dataDir]: dir, [TAG.service]: name, [TAG.runId]: uniqueHex(16) },
    });
  const lost = runOf(dataDir);
  const foreign = runOf(otherDataDir);
  killAtEnd(t, () => [lost.pid, foreign.pid]);
  const lostExit = new Promise<void>((resolve) => lost.once('exit', () => resolve()));

  // Polling status runs the copy scan, as a window or `upkeep status` does.
  let gone = false;
  void lostExit.then(() => (gone = true));
  await waitFor(async () => {
    await engine.list({});
    return gone;
  }, `the lost run (pid ${lost.pid}) stopped`, 10_000, 100);

  const status = (await engine.list({})).services[0]!;
  assert.equal(status.state, 'running');
  assert.equal(status.pid, ours, 'the engine’s own run is the one kept');
  assert.deepEqual((await pidsWithEnv(TAG.service, name)).sort(), [ours, foreign.pid].sort(), 'one copy of ours runs, and the other data dir’s');
  assert.ok(isAlive(foreign.pid!), 'a run of another data dir is not ours to stop');
  assert.ok(
    notices.some((message) => message.includes(`pid ${lost.pid}`) && message.includes('stopped it')),
    `a notice says what was stopped: ${notices.join(' | ')}`,
  );
  assert.ok(!status.duplicates.some((copy) => copy.pid === lost.pid), 'status no longer lists it');
});
