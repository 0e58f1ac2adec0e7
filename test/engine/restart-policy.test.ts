import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, decideAfterExit } from '../../app/supervisor/restart-policy.ts';
import { RESTART_DEFAULTS } from '../../app/config/defaults.ts';

const spec = { name: 'svc', command: ['x'] };
const crash = (now: number, uptimeMs = 100) => ({ code: 1, signal: null, unknown: false, uptimeMs, now });

test('backoff: first restart at once, then doubling from 1 s up to the 30 s cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, RESTART_DEFAULTS)), [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test('a long healthy uptime resets the streak, so the next crash restarts at once again', () => {
  const history = { streak: 4, times: [1, 2, 3, 4] };
  const decision = decideAfterExit(spec, crash(100_000, RESTART_DEFAULTS.resetAfterUptimeMs), history, RESTART_DEFAULTS);
  assert.equal(decision.state, 'backoff');
  assert.equal(decision.delayMs, 0);
});

test('crashes outside the window do not count toward a crash loop', () => {
  const old = { streak: 4, times: [0, 1, 2, 3] };
  const decision = decideAfterExit(spec, crash(RESTART_DEFAULTS.crashLoopWindowMs + 10), old, RESTART_DEFAULTS);
  assert.equal(decision.state, 'backoff');
  assert.equal(decision.history.times.length, 1);
});

test('an adopted process that ended (status unknown) is restarted like a crash', () => {
  const decision = decideAfterExit(spec, { code: null, signal: null, unknown: true, uptimeMs: 60_000, now: 1 }, { streak: 0, times: [] }, RESTART_DEFAULTS);
  assert.equal(decision.state, 'backoff');
  assert.match(decision.reason, /status unknown/);
});
