import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNotifier } from '../../main/notifications.ts';
import { FakeTimers } from '../support/fake-timers.ts';
import { status } from './helpers/status.ts';

function setup(enabled = true) {
  const clock = new FakeTimers();
  const advance = (ms: number) => clock.advance(ms);
  const shown: string[] = [];
  const notifier = createNotifier({ clock, enabled: () => enabled, show: (m) => shown.push(`${m.title}: ${m.body}`), settleMs: 3000, cooldownMs: 30_000 });
  return { notifier, shown, advance };
}

const running = status('runner');
const backoff = status('runner', { state: 'backoff', pid: null, reason: 'exited with code 1' });
const starting = status('runner', { state: 'starting' });
const failed = status('runner', { state: 'failed', pid: null, reason: 'exited with code 1' });
const stopped = status('runner', { state: 'stopped', pid: null, reason: 'stopped by user' });

test('a crash that restarts at once is not worth a notification', async () => {
  const { notifier, shown, advance } = setup();
  notifier.update(running);
  notifier.update(backoff);
  await advance(500);
  notifier.update(starting);
  notifier.update(running);
  await advance(60_000);
  assert.deepEqual(shown, []);
});

test('down for longer than the settle time is told once, and the recovery too', async () => {
  const { notifier, shown, advance } = setup();
  notifier.update(running);
  notifier.update(backoff);
  await advance(1000);
  notifier.update(starting);
  notifier.update(backoff);
  await advance(2999);
  assert.deepEqual(shown, ['runner is down: exited with code 1']);
  notifier.update(starting);
  notifier.update(running);
  await advance(30_000);
  assert.deepEqual(shown, ['runner is down: exited with code 1', 'runner is back up: Running again.']);
});

test('failing (a crash loop) is told at once; a flapping service is coalesced by the cooldown', async () => {
  const { notifier, shown, advance } = setup();
  notifier.update(running);
  notifier.update(failed);
  assert.deepEqual(shown, ['runner has failed: exited with code 1']);
  for (let i = 0; i < 10; i++) {
    notifier.update(running);
    await advance(1000);
    notifier.update(failed);
    await advance(1000);
  }
  assert.equal(shown.length, 1, 'ten flaps in 20 s: no more popups');
  notifier.update(running);
  await advance(30_000);
  assert.deepEqual(shown.at(-1), 'runner is back up: Running again.');
  assert.equal(shown.length, 2);
});

test('stopping a service is no news; starting it again is news only if it had been told as failed', async () => {
  const { notifier, shown, advance } = setup();
  notifier.update(running);
  notifier.update(stopped);
  notifier.update(starting);
  notifier.update(running);
  notifier.update(backoff);
  notifier.update(stopped); // stopped while down, before the settle time: the "down" is dropped
  await advance(60_000);
  assert.deepEqual(shown, []);
  notifier.update(running);
  notifier.update(failed);
  notifier.update(stopped); // a restart from the menu passes through stopped
  notifier.update(starting);
  notifier.update(running);
  await advance(30_000);
  assert.deepEqual(shown, ['runner has failed: exited with code 1', 'runner is back up: Running again.']);
});

test('turned off, nothing is shown', async () => {
  const { notifier, shown, advance } = setup(false);
  notifier.update(running);
  notifier.update(failed);
  await advance(60_000);
  assert.deepEqual(shown, []);
});

test('turning unhealthy is told at once with the failing component; a restart that passes through starting is no extra news', async () => {
  const { notifier, shown, advance } = setup();
  const sick = status('runner', {
    health: 'unhealthy',
    healthDetail: {
      at: 0,
      ok: false,
      summary: 'HTTP 503; components.ghost_runner is "down"',
      httpStatus: 503,
      latencyMs: 4,
      conditions: [],
      components: { 'components.ghost_runner': 'down', 'components.flask_responsive': true },
      body: '{}',
    },
  });
  notifier.update(running);
  notifier.update(sick);
  assert.deepEqual(shown, ['runner is unhealthy: components.ghost_runner is "down"']);
  notifier.update(sick);
  notifier.update(starting);
  await advance(60_000);
  assert.equal(shown.length, 1);
  notifier.update(running);
  await advance(30_000);
  assert.deepEqual(shown.at(-1), 'runner is back up: Running again.');
});
