/** What a clean exit waits for, decided with an explicit clock (the pure half of relaunch triggers and schedules). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESTART_DEFAULTS } from '../../app/config/defaults.ts';
import { cleanExitWait, decideAfterExit, policyOf } from '../../app/supervisor/restart-policy.ts';

const clean = (now: number) => ({ code: 0, signal: null, unknown: false, uptimeMs: 50, now });
const fresh = { streak: 0, times: [] };

test('a scheduled clean exit waits for the next time in local time, not the relaunch delay', () => {
  const now = new Date(2026, 11, 2, 14, 3, 20).getTime();
  const spec = { name: 'job', command: ['x'], schedule: '*/5 * * * *' };
  const decision = decideAfterExit(spec, clean(now), fresh, RESTART_DEFAULTS);
  const at = new Date(2026, 11, 2, 14, 5, 0).getTime();
  assert.equal(decision.state, 'waiting');
  assert.equal(decision.delayMs, at - now);
  assert.deepEqual(decision.wait, { kind: 'schedule', detail: 'next run 14:05', at });
  assert.equal(decision.reason, 'exited with code 0; next run 14:05');
  // Another day is named: "Dec 3 00:00".
  const late = new Date(2026, 11, 2, 23, 59, 30).getTime();
  assert.equal(cleanExitWait({ ...spec, schedule: '0 0 * * *' }, late, RESTART_DEFAULTS)?.detail, 'next run Dec 3 00:00');
});

test('a scheduled service defaults to on-failure: a crash restarts it, and restart never keeps it from its schedule only on crashes', () => {
  assert.equal(policyOf({ name: 'job', command: ['x'], schedule: '* * * * *' }), 'on-failure');
  assert.equal(policyOf({ name: 'web', command: ['x'] }), 'always');
  const crash = decideAfterExit({ name: 'job', command: ['x'], schedule: '* * * * *' }, { ...clean(1), code: 1 }, fresh, RESTART_DEFAULTS);
  assert.equal(crash.state, 'backoff');
  const never = decideAfterExit({ name: 'job', command: ['x'], schedule: '* * * * *', restart: 'never' }, clean(1), fresh, RESTART_DEFAULTS);
  assert.equal(never.state, 'stopped');
});

test('a queue folder or watched paths: the clean exit waits for the trigger, with no delay and no timer', () => {
  const queue = decideAfterExit({ name: 'ex', command: ['x'], relaunch: { whenNotEmpty: '/srv/jobs/queue/' } }, clean(1), fresh, RESTART_DEFAULTS);
  assert.equal(queue.state, 'waiting');
  assert.equal(queue.delayMs, null);
  assert.deepEqual(queue.wait, { kind: 'trigger', detail: 'waiting for queue/ (empty)', at: null });
  const both = cleanExitWait({ name: 'ex', command: ['x'], relaunch: { whenNotEmpty: 'in', whenChanged: ['/etc/app.conf', 'b.txt'] } }, 1, RESTART_DEFAULTS);
  assert.equal(both?.detail, 'waiting for in/ (empty) or a change to app.conf, b.txt');
  assert.equal(cleanExitWait({ name: 'ex', command: ['x'], restart: 'on-failure' }, 1, RESTART_DEFAULTS), null);
});

test('relaunch.delayMs replaces the default wait after a clean exit', () => {
  const decision = decideAfterExit({ name: 'ex', command: ['x'], relaunch: { delayMs: 15_000 } }, clean(1_000), fresh, RESTART_DEFAULTS);
  assert.equal(decision.delayMs, 15_000);
  assert.deepEqual(decision.wait, { kind: 'relaunch', detail: 'relaunch in 15 s', at: 16_000 });
});
