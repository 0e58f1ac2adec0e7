/**
 * Fault: the engine is SIGKILLed while a restart is in flight (a crash just
 * seen, a restart scheduled or being launched, or a `restart` asked for over
 * the control socket still stopping the old copy). The next engine must end with
 * exactly one copy of the service, running — the survivor adopted if there was
 * one, a fresh start if there was none, never both.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addServiceToConfig } from '../../app/config/store.ts';
import { connectControl } from '../../app/control/client.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { isServiceLine, spawnFaultEngine } from '../support/engine-child.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

type Moment =
  | {
      /** Kill after the nth (1-based) event of this state of a crashing service… */
      state: 'backoff' | 'starting' | 'running';
      nth: number;
      /** …plus this many ms. */
      delayMs: number;
    }
  | {
      /** Kill this many ms after asking a steady service to restart over the control socket. */
      restartCall: true;
      delayMs: number;
    };

// Crash → backoff (restart at once, then 100, 200, 400 ms) → starting → running.
// Early and late in each step, and on the first (immediate) and later (delayed) restarts.
const MOMENTS: Moment[] = [
  { state: 'backoff', nth: 1, delayMs: 0 },
  { state: 'backoff', nth: 2, delayMs: 60 },
  { state: 'backoff', nth: 3, delayMs: 190 },
  { state: 'starting', nth: 2, delayMs: 0 },
  { state: 'starting', nth: 3, delayMs: 1 },
  { state: 'running', nth: 2, delayMs: 0 },
  { restartCall: true, delayMs: 0 },
  { restartCall: true, delayMs: 15 },
  { restartCall: true, delayMs: 60 },
];

function describeMoment(moment: Moment): string {
  return 'restartCall' in moment
    ? `${moment.delayMs} ms after a restart call`
    : `${moment.delayMs} ms after ${moment.state} #${moment.nth} of a crashing service`;
}

// The rounds are independent (own data dir, own service name): four at a time keeps the file short.
describe('engine SIGKILLed while a restart is in flight', { concurrency: 4 }, () => {
  for (const moment of MOMENTS) {
    test(`engine SIGKILLed ${describeMoment(moment)}: the next engine ends with exactly one copy, running`, async (t) => {
      const dataDir = tempHome(t);
      const name = uniqueName('inflight');
      const marker = path.join(dataDir, 'crash-while-this-exists');
      if (!('restartCall' in moment)) writeFileSync(marker, '');
      // Crashes 150 ms after each start while the marker exists.
      addServiceToConfig(dataPaths(dataDir), { name, command: nodeFixture('flaky.mjs', marker, '150') });
      const config = readFileSync(dataPaths(dataDir).config);
      let tagged: number[] = [];
      killAtEnd(t, () => tagged);

      const first = spawnFaultEngine(t, { dataDir });
      const { socket } = await first.ready();
      if ('restartCall' in moment) {
        await first.waitLine((line) => isServiceLine(line) && line.name === name && line.state === 'running', `${name} running`);
        const client = await connectControl(socket);
        t.after(() => client.close());
        // The engine dies before it answers: the call fails, which is the point.
        client.call('restart', { name }).catch(() => undefined);
        await first.waitLine((line) => isServiceLine(line) && line.name === name && line.state === 'stopping', 'the restart under way');
      } else {
        let count = 0; // waitLine looks at each line once, in order
        await first.waitLine(
          (line) => isServiceLine(line) && line.name === name && line.state === moment.state && ++count === moment.nth,
          `${moment.state} #${moment.nth}`,
        );
      }
      if (moment.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, moment.delayMs));
      // From now on a copy that starts stays up: whatever the dead engine left in flight decides the outcome.
      rmSync(marker, { force: true });
      const exit = await first.kill();
      assert.equal(exit.signal, 'SIGKILL');

      // Every copy left behind exists by now (the only spawner is dead).
      const survivors = await pidsWithEnv('UPKEEP_SERVICE', name);
      tagged = survivors;
      assert.ok(survivors.length <= 1, `the killed engine left ${survivors.length} copies: ${survivors.join(', ')}`);

      const { engine } = await engineWith(t, [], { dataDir });
      // How it ends: one copy, running, and the engine's pid is that copy. A survivor
      // the dead engine had already sent its stop signal may be adopted and die a
      // moment later; the new engine then starts the service, so this waits for the end.
      let copies: number[] = [];
      const status = await waitFor(async () => {
        const s = (await engine.list({})).services.find((x) => x.name === name);
        copies = await pidsWithEnv('UPKEEP_SERVICE', name);
        tagged = [...new Set([...tagged, ...copies])];
        return s?.state === 'running' && s.pid !== null && copies.length === 1 && copies[0] === s.pid && s;
      }, `${name} running under the new engine as its only copy`);
      assert.deepEqual(copies, [status.pid], `exactly one copy runs (survivors of the old engine: ${survivors.join(', ') || 'none'})`);
      // Only a restart call's copy may end on its own: the dead engine had begun to stop it.
      const survivor = survivors[0];
      if (survivor !== undefined && (isAlive(survivor) || !('restartCall' in moment))) {
        assert.equal(status.pid, survivor, 'the copy left running was adopted, not replaced');
        assert.equal(status.adopted, true);
      }
      assert.equal(existsSync(dataPaths(dataDir).record(name)), true, 'the running copy has its run record');
      // Every copy that ever ran wrote its first line to the same log: the engines' deaths lost none.
      const logged = (pid: number): boolean => new RegExp(`^up pid=${pid}$`, 'm').test(readFileSync(dataPaths(dataDir).log(name), 'utf8'));
      await waitFor(() => [...survivors, status.pid!].every(logged), `the first line of pids ${[...survivors, status.pid].join(', ')} in the log`);
      assert.deepEqual(readFileSync(dataPaths(dataDir).config), config, 'config.json untouched');
      t.diagnostic(survivors.length === 1 ? `survivor ${survivors[0]} adopted` : 'no survivor; started fresh');
    });
  }
});

test(
  'engine SIGKILLed while a crashed service that had a child waits for its restart: the child went with the crash, the next engine starts the service',
  async (t) => {
    const dataDir = tempHome(t);
    const name = uniqueName('orphaner');
    const marker = path.join(dataDir, 'crash-while-this-exists');
    writeFileSync(marker, '');
    // The shell starts a worker in the background and crashes while the marker exists; the worker outlives it.
    const line = `sleep 100000 & if [ -e ${marker} ]; then exit 1; fi; echo main up; wait`;
    addServiceToConfig(dataPaths(dataDir), { name, command: [line], shell: true });
    let tagged: number[] = [];
    killAtEnd(t, () => tagged);

    const first = spawnFaultEngine(t, { dataDir, timing: { firstBackoffMs: 2_000, maxBackoffMs: 2_000 } });
    await first.ready();
    // The first crash restarts at once; the second waits 2 s: kill the engine in that wait.
    let crashes = 0;
    await first.waitLine((l) => isServiceLine(l) && l.name === name && l.state === 'backoff' && ++crashes === 2, 'the second crash');
    rmSync(marker);
    await first.kill();
    // Each crash took its background worker with it (the group is stopped when the main process dies),
    // so the engine's death mid-backoff leaves no orphan for the next engine to mistake for the service.
    await waitFor(async () => (await pidsWithEnv('UPKEEP_SERVICE', name)).length === 0, 'the crashed runs\' workers gone with them', 3_000);

    const { engine } = await engineWith(t, [], { dataDir });
    const status = await waitFor(async () => {
      const s = (await engine.list({})).services[0];
      return s?.state === 'running' && s;
    }, `${name} running under the new engine`);
    tagged = await pidsWithEnv('UPKEEP_SERVICE', name);
    assert.equal(status.adopted, false);
    await waitFor(() => readFileSync(dataPaths(dataDir).log(name), 'utf8').includes('main up'), 'the service itself up (its line in the log)');
    assert.deepEqual((await engine.list({})).services[0]!.duplicates, [], 'no leftovers to list as duplicates');
    assert.ok(isAlive(status.pid!));
  },
);
