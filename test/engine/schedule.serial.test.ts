/** A scheduled service on the real clock: autostart arms the schedule, the process starts at its minute, then waits for the next one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceStatus } from '../../app/api.ts';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { nextServiceEvent } from '../support/wait.ts';

test('schedule "* * * * *": waiting for the next minute, started at it, waiting again after a clean exit', async (t) => {
  const name = uniqueName('job');
  const { engine } = await engineWith(t, [{ name, command: nodeFixture('exit-after.mjs', '50', '0'), schedule: '* * * * *' }]);
  const statusOf = async (): Promise<ServiceStatus> => (await engine.list({})).services.find((s) => s.name === name)!;
  const armed = await statusOf();
  const minute = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
  assert.equal(armed.state, 'waiting', 'with autostart the schedule starts, not the process');
  assert.equal(armed.pid, null);
  assert.equal(armed.waitingFor?.kind, 'schedule');
  assert.equal(armed.waitingFor?.at, minute);
  assert.equal(armed.nextStartAt, minute);
  assert.match(armed.waitingFor?.detail ?? '', /^next run \d\d:\d\d$/);

  const started = await nextServiceEvent(engine, (e) => e.status.name === name && e.entry?.to === 'starting', 'the scheduled start', 65_000);
  const late = started.entry!.at - minute;
  t.diagnostic(`started ${late} ms after the minute`);
  assert.ok(late >= 0 && late < 1_500, `started ${late} ms after the minute`);
  assert.equal(started.entry!.reason, 'scheduled run');
  const waiting = await nextServiceEvent(engine, (e) => e.status.name === name && e.status.state === 'waiting', 'waiting for the next minute', 10_000);
  assert.equal(waiting.status.waitingFor?.at, minute + 60_000);
  assert.match(waiting.status.reason, /exited with code 0; next run/);
  assert.equal(waiting.status.runs, 1);
  assert.equal(waiting.status.restarts, 0);
});
