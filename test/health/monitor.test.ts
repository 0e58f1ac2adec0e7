import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthMonitor, type HealthVerdict } from '../../app/health/monitor.ts';
import { runHealthCheck, type CheckResult } from '../../app/health/check.ts';
import type { HealthCheck } from '../../app/config/schema.ts';
import { waitFor } from '../support/wait.ts';
import { FakeTimers, settle } from '../support/fake-timers.ts';
import { httpServer, silentServer } from './servers.ts';

type Step = { result: CheckResult } | { change: HealthVerdict; detail: string; at: number };

function watch(check: HealthCheck, port: number | null) {
  const timeline: Step[] = [];
  const monitor = new HealthMonitor({
    check,
    port: () => port,
    onResult: (result) => timeline.push({ result }),
    onChange: (change, detail) => timeline.push({ change, detail, at: Date.now() }),
  });
  const changes = () => timeline.filter((s): s is Extract<Step, { change: HealthVerdict }> => 'change' in s);
  return { monitor, timeline, changes };
}

test('a JSON field that flips: unhealthy after the threshold, healthy again after one success', async (t) => {
  const up = { status: 200, body: JSON.stringify({ components: { ghost_runner: 'up' } }) };
  const down = { status: 200, body: JSON.stringify({ components: { ghost_runner: 'down' } }) };
  const server = await httpServer(t, up);
  const check: HealthCheck = {
    kind: 'http',
    url: 'http://127.0.0.1:{port}/health',
    json: { path: 'components.ghost_runner', equals: 'up' },
    intervalMs: 100,
    timeoutMs: 1_000,
    startGraceMs: 0,
    failureThreshold: 3,
  };
  const { monitor, timeline, changes } = watch(check, server.port);
  t.after(() => monitor.stop());
  monitor.start();
  const beforeFirstCheck = monitor.detail;
  assert.equal(beforeFirstCheck, null, 'no detail before the first check');

  await waitFor(() => changes().length === 1, 'healthy', 5_000);
  assert.equal(changes()[0]?.change, 'healthy');

  server.set(down);
  await waitFor(() => changes().length === 2, 'unhealthy', 5_000);
  const unhealthyAt = timeline.indexOf(changes()[1] as Step);
  assert.deepEqual(changes()[1], { ...changes()[1], change: 'unhealthy', detail: 'components.ghost_runner is "down", expected "up"' });
  const detail = monitor.detail;
  assert.ok(detail && detail.at <= Date.now() && detail.latencyMs !== null && detail.latencyMs >= 0);
  assert.deepEqual({ ...detail, at: 0, latencyMs: 0 }, {
    at: 0,
    ok: false,
    summary: 'components.ghost_runner is "down", expected "up"',
    httpStatus: 200,
    latencyMs: 0,
    conditions: [{ path: 'components.ghost_runner', expected: 'up', actual: 'down', found: true, ok: false }],
    components: { 'components.ghost_runner': 'down' },
    body: down.body,
  });
  // Exactly the threshold of failures in a row came right before it.
  const before = timeline.slice(0, unhealthyAt).filter((s) => 'result' in s);
  assert.deepEqual(before.slice(-3).map((s) => 'result' in s && s.result.ok), [false, false, false]);
  assert.equal(before.slice(-4, -3).map((s) => 'result' in s && s.result.ok)[0], true);

  server.set(up);
  await waitFor(() => changes().length === 3, 'healthy again', 5_000);
  const healthyAt = timeline.indexOf(changes()[2] as Step);
  const previous = timeline[healthyAt - 1];
  assert.ok(previous && 'result' in previous && previous.result.ok, 'one success was enough');
  const sinceUnhealthy = timeline.slice(unhealthyAt, healthyAt).filter((s) => 'result' in s && s.result.ok);
  assert.equal(sinceUnhealthy.length, 1);
});

test('a hanging endpoint: unhealthy within timeout × threshold, one check at a time, no socket left', async (t) => {
  const server = await silentServer(t);
  const check: HealthCheck = { kind: 'http', url: 'http://127.0.0.1:{port}/', intervalMs: 100, timeoutMs: 200, startGraceMs: 0, failureThreshold: 2 };
  let running = 0;
  let mostAtOnce = 0;
  let finished = 0;
  const changes: Array<{ health: HealthVerdict; detail: string; at: number }> = [];
  const monitor = new HealthMonitor({
    check,
    port: () => server.port,
    onChange: (health, detail) => changes.push({ health, detail, at: Date.now() }),
    // The real check, counted: how many run at once.
    run: async (...args) => {
      mostAtOnce = Math.max(mostAtOnce, ++running);
      try {
        return await runHealthCheck(...args);
      } finally {
        running -= 1;
        finished += 1;
      }
    },
  });
  const started = Date.now();
  monitor.start();
  await waitFor(() => changes.length === 1, 'unhealthy', 5_000);
  monitor.stop();
  const took = (changes[0]?.at ?? 0) - started;
  assert.equal(changes[0]?.health, 'unhealthy');
  assert.equal(changes[0]?.detail, 'timed out after 200 ms');
  // The first check comes one interval in; the second right after the first timed out.
  assert.ok(took >= 100 + 2 * 200 - 10 && took < 100 + 2 * 200 + 600, `took ${took} ms`);
  assert.equal(mostAtOnce, 1, 'never two checks in flight');
  await waitFor(() => running === 0 && server.open() === 0, 'every check connection to be closed', 2_000);
  assert.equal(server.accepted(), finished, 'one connection per check');
});

// With a fake clock and a fake check runner the rules can be walked step by step.
function fakeMonitor(check: Partial<HealthCheck> = {}) {
  const timers = new FakeTimers();
  const runs: Array<(result: CheckResult) => void> = [];
  const changes: Array<[HealthVerdict, number]> = [];
  const monitor = new HealthMonitor({
    check: { kind: 'tcp', intervalMs: 1_000, timeoutMs: 500, startGraceMs: 0, failureThreshold: 2, ...check } as HealthCheck,
    port: () => 1,
    onChange: (health) => changes.push([health, timers.now()]),
    timers,
    run: () => new Promise((resolve) => runs.push(resolve)),
  });
  /** Answers the check that is running, then lets the monitor act on it. */
  const answer = async (ok: boolean) => {
    assert.equal(runs.length, 1, 'exactly one check in flight');
    runs.shift()?.({ ok, detail: ok ? 'fine' : 'bad' });
    await settle();
  };
  return { timers, runs, changes, monitor, answer };
}

test('the first check comes one interval after the start, not at once', async () => {
  const { timers, runs, monitor } = fakeMonitor({ startGraceMs: 0 });
  monitor.start();
  await timers.advance(999);
  assert.equal(runs.length, 0);
  await timers.advance(1);
  assert.equal(runs.length, 1);
  monitor.stop();
});

test('failures during the start grace do not count; after it, N in a row do', async () => {
  const { timers, changes, monitor, answer } = fakeMonitor({ startGraceMs: 5_000 });
  monitor.start();
  for (let t = 1_000; t <= 6_000; t += 1_000) {
    await timers.advance(1_000);
    await answer(false);
  }
  // Failures at 1 s … 4 s are inside the grace; 5 s and 6 s count.
  assert.deepEqual(changes, [['unhealthy', 6_000]]);
});

test('a success during the grace shows healthy at once and ends the grace', async () => {
  const { timers, changes, monitor, answer } = fakeMonitor({ startGraceMs: 60_000 });
  monitor.start();
  await timers.advance(1_000);
  await answer(true);
  await timers.advance(1_000);
  await answer(false);
  await timers.advance(1_000);
  await answer(false);
  await timers.advance(1_000);
  await answer(true);
  assert.deepEqual(changes, [
    ['healthy', 1_000],
    ['unhealthy', 3_000],
    ['healthy', 4_000],
  ]);
  assert.equal(monitor.health, 'healthy');
});

test('a slow check is never joined by a second one; the next starts when it ends', async () => {
  const { timers, runs, monitor, answer } = fakeMonitor();
  monitor.start();
  await timers.advance(1_000);
  assert.equal(runs.length, 1);
  await timers.advance(10_000);
  assert.equal(runs.length, 1, 'still the same check');
  assert.equal(timers.pending, 0, 'nothing scheduled while it runs');
  await answer(false);
  assert.equal(timers.pending, 1);
  await timers.advance(0);
  assert.equal(runs.length, 1, 'the next check started at once: the interval had passed');
  monitor.stop();
});

test('stop leaves no timer, and a check still running when stopped changes nothing', async () => {
  const { timers, changes, monitor, answer } = fakeMonitor({ failureThreshold: 1 });
  monitor.start();
  assert.equal(timers.pending, 1);
  monitor.stop();
  assert.equal(timers.pending, 0);

  monitor.start();
  await timers.advance(1_000);
  monitor.stop();
  await answer(false);
  assert.deepEqual(changes, []);
  assert.equal(timers.pending, 0);
});

test('a restart while a check runs waits for it: still one at a time', async () => {
  const { timers, runs, changes, monitor, answer } = fakeMonitor({ failureThreshold: 1 });
  monitor.start();
  await timers.advance(1_000);
  monitor.start(); // restart: new grace, new verdict
  await timers.advance(1_000);
  assert.equal(runs.length, 1, 'the new run waits for the old check');
  await answer(false); // the old check's result is ignored…
  await settle();
  assert.deepEqual(changes, []);
  assert.equal(runs.length, 1, '…and the new run starts its own');
  await answer(false);
  assert.deepEqual(changes, [['unhealthy', 2_000]]);
  monitor.stop();
  assert.equal(timers.pending, 0);
});
