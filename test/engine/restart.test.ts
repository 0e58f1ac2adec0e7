import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineWith, nodeFixture, uniqueName, FAST_TIMING } from '../support/engine.ts';
import { nextServiceEvent, recordEvents, waitFor } from '../support/wait.ts';
import { isAlive, pidsWithEnv } from '../support/processes.ts';

test('a crashed service is restarted at once, and only one copy runs', async (t) => {
  const name = uniqueName('crashy');
  const { engine } = await engineWith(t, [{ name, command: nodeFixture('forever.mjs') }]);
  const first = await waitFor(async () => (await engine.list({})).services[0]?.pid, 'first pid');

  const restarted = nextServiceEvent(engine, (e) => e.status.state === 'running' && e.status.pid !== first, 'restart');
  process.kill(first, 'SIGKILL');
  const event = await restarted;

  assert.notEqual(event.status.pid, first);
  assert.equal(event.status.restarts, 1);
  assert.deepEqual(event.status.lastExit && { code: event.status.lastExit.code, signal: event.status.lastExit.signal }, { code: null, signal: 'SIGKILL' });
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [event.status.pid]);
});

test('a clean exit waits, then relaunches, and is not counted as a crash', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'executor', command: nodeFixture('exit-after.mjs', '50', '0') }]);
  const waiting = await nextServiceEvent(engine, (e) => e.status.state === 'waiting', 'waiting');
  assert.match(waiting.status.reason, /exited with code 0; relaunch in 300 ms/);
  const relaunched = await nextServiceEvent(engine, (e) => e.status.state === 'running', 'relaunch');
  const gap = relaunched.entry!.at - waiting.entry!.at;
  assert.ok(gap >= FAST_TIMING.relaunchDelayMs - 5, `relaunched after ${gap} ms`);

  const { services } = await engine.list({});
  const history = await engine.history({ name: 'executor' });
  assert.equal(history.entries.filter((e) => e.kind === 'crash').length, 0);
  // A start after a clean exit is a run, not a restart.
  assert.ok(services[0]!.runs >= 1);
  assert.equal(services[0]!.restarts, 0);
  assert.deepEqual(waiting.status.waitingFor && { kind: waiting.status.waitingFor.kind, detail: waiting.status.waitingFor.detail }, { kind: 'relaunch', detail: 'relaunch in 300 ms' });
  assert.notEqual(services[0]!.state, 'failed');
});

test('a crash loop backs off exponentially, then turns failed and keeps retrying at the cap', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'loop', command: nodeFixture('exit-after.mjs', '0', '1') }], {
    timing: { ...FAST_TIMING, crashLoopCount: 5, crashLoopWindowMs: 60_000 },
  });
  const { events } = recordEvents(engine);
  const failed = await nextServiceEvent(engine, (e) => e.status.state === 'failed', 'failed', 15_000);
  assert.match(failed.status.reason, /crash loop \(5 crashes/);
  assert.ok(failed.status.nextStartAt !== null, 'keeps retrying');

  // Each crash → next start: 0, 200, 400, 800 (the cap) ms.
  const crashes = events.filter((e) => e.entry?.kind === 'crash').map((e) => e.entry!.at);
  const starts = events.filter((e) => e.entry?.to === 'starting').map((e) => e.entry!.at);
  const gaps = crashes.slice(0, 4).map((at) => starts.find((s) => s >= at)! - at);
  const expected = [0, 200, 400, 800];
  gaps.forEach((gap, i) => {
    assert.ok(gap >= expected[i]! - 5 && gap < expected[i]! + 400, `gap ${i} was ${gap} ms, expected ~${expected[i]}`);
  });
  const retry = await nextServiceEvent(engine, (e) => e.status.state === 'starting', 'retry at the cap', 5_000);
  assert.ok(retry.entry!.at - failed.entry!.at >= FAST_TIMING.maxBackoffMs - 5);
});

test('with maxRestarts the service gives up and stays failed', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'giveup', command: nodeFixture('exit-after.mjs', '0', '2'), maxRestarts: 2 }]);
  const failed = await nextServiceEvent(engine, (e) => e.status.state === 'failed', 'failed');
  assert.match(failed.status.reason, /gave up after 2 restarts/);
  assert.equal(failed.status.nextStartAt, null);
  assert.equal(failed.status.restarts, 2);
});

test('restart policy on-failure leaves a clean exit stopped; never leaves a crash failed', async (t) => {
  const { engine } = await engineWith(t, [
    { name: 'once', command: nodeFixture('exit-after.mjs', '0', '0'), restart: 'on-failure' },
    { name: 'never', command: nodeFixture('exit-after.mjs', '0', '3'), restart: 'never' },
  ]);
  await waitFor(async () => {
    const states = (await engine.list({})).services.map((s) => s.state);
    return states[0] === 'stopped' && states[1] === 'failed';
  }, 'once stopped and never failed');
  const never = (await engine.list({})).services[1]!;
  assert.equal(never.lastExit?.code, 3);
  assert.equal(never.restarts, 0);
});

test('a command that does not exist is reported, not a crash of the engine', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'missing', command: ['/nonexistent/upkeep-binary'], restart: 'never' }]);
  const failed = await nextServiceEvent(engine, (e) => e.status.state === 'failed', 'failed');
  assert.match(failed.status.reason, /ENOENT/);
  assert.ok(isAlive(process.pid));
});
