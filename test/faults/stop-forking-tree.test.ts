/**
 * Fault: a service whose processes ignore SIGTERM and keep forking — into its
 * group, out of its group, out of its tree, and in answer to the stop signal
 * itself. Stop must leave nothing behind (every process carrying the run's
 * tags is gone), whether the engine started the service or adopted it, and
 * must not touch a look-alike process that is not part of the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { Engine } from '../../app/engine/index.ts';
import { startEngine } from '../../app/engine/index.ts';
import type { ServiceSpec } from '../../app/config/schema.ts';
import { engineWith, fixture, nodeFixture, uniqueName, FAST_TIMING } from '../support/engine.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import type { TestContext } from 'node:test';

/** root + 3 workers + forker, and a few leaves already forked. */
const SWARM_UP = 5 + 4;

function swarmSpec(name: string): ServiceSpec {
  return { name, command: nodeFixture('fork-swarm.mjs'), stopTimeoutMs: 300 };
}

/** Tracks every process of the service seen during the test, so all are killed at the end whatever happens. */
function tracker(t: TestContext, name: string): { scan: () => Promise<number[]> } {
  const seen = new Set<number>();
  killAtEnd(t, () => [...seen]);
  return {
    async scan() {
      const pids = await pidsWithEnv('UPKEEP_SERVICE', name);
      pids.forEach((pid) => seen.add(pid));
      return pids;
    },
  };
}

/** A process that looks like the service (same command) but is no part of its run: it must survive. */
function lookAlike(t: TestContext): number {
  const child = spawn(process.execPath, [fixture('fork-swarm.mjs'), 'worker'], { stdio: 'ignore', detached: true });
  killAtEnd(t, () => [child.pid]);
  return child.pid!;
}

async function swarmUp(engine: Engine, name: string, scan: () => Promise<number[]>): Promise<number[]> {
  await waitFor(async () => (await engine.list({})).services.find((s) => s.name === name)?.state === 'running', `${name} running`);
  return waitFor(async () => {
    const pids = await scan();
    return pids.length >= SWARM_UP && pids;
  }, `${name}'s swarm of at least ${SWARM_UP} processes`);
}

async function assertNothingLeft(name: string, scan: () => Promise<number[]>, before: number[], how: string): Promise<void> {
  const left = await scan();
  assert.deepEqual(left, [], `${how}: ${left.length} processes of ${name} survived the stop (of ${before.length} seen before it)`);
  for (const pid of before) assert.equal(isAlive(pid), false, `${how}: pid ${pid} survived`);
}

test(
  'stop of a service that forks children and ignores SIGTERM leaves nothing behind, and spares a look-alike',
  async (t) => {
    const name = uniqueName('swarm');
    const { scan } = tracker(t, name);
    const stranger = lookAlike(t);
    const { engine } = await engineWith(t, [swarmSpec(name)]);
    const before = await swarmUp(engine, name, scan);

    const result = await engine.stop({ name });
    assert.equal(result.services[0]!.state, 'stopped');
    assert.match(result.services[0]!.reason, /SIGKILL after 300 ms/);
    await assertNothingLeft(name, scan, before, 'stop');
    assert.ok(isAlive(stranger), 'the look-alike outside the run survived');
    assert.equal((await engine.list({})).services[0]!.state, 'stopped', 'and nothing restarted it');
  },
);

test(
  'stop of an adopted forking service (no child handle, engine restarted) leaves nothing behind',
  async (t) => {
    const dataDir = tempHome(t);
    const name = uniqueName('swarm');
    const { scan } = tracker(t, name);
    const first = await engineWith(t, [swarmSpec(name)], { dataDir });
    await swarmUp(first.engine, name, scan);
    const rootPid = (await first.engine.list({})).services[0]!.pid;
    await first.engine.close();

    const engine = await startEngine({ dataDir, timing: FAST_TIMING });
    t.after(() => engine.close({ stopServices: true }));
    const adopted = (await engine.list({})).services[0]!;
    assert.equal(adopted.pid, rootPid);
    assert.equal(adopted.adopted, true);
    const before = await scan();
    await engine.stop({ name });
    await assertNothingLeft(name, scan, before, 'stop after adoption');
  },
);

test('a shell service whose background jobs trap SIGTERM: closing the engine with its services leaves nothing', async (t) => {
  const name = uniqueName('shjobs');
  const { scan } = tracker(t, name);
  // The shell and two background jobs ignore SIGTERM; one job is itself a shell with a child.
  const line = 'trap "" TERM; sleep 100000 & sh -c \'sleep 100000 & wait\' & echo up; wait';
  const { engine } = await engineWith(t, [{ name, command: [line], shell: true, stopTimeoutMs: 300 }]);
  await waitFor(async () => (await engine.list({})).services[0]?.state === 'running', `${name} running`);
  const before = await waitFor(async () => {
    const pids = await scan();
    return pids.length >= 4 && pids;
  }, 'the shell and its jobs');
  await engine.close({ stopServices: true });
  await assertNothingLeft(name, scan, before, 'close with services');
});
