/**
 * The engine's log rotation (app/engine/log-rotation.ts) on a real folder
 * with real inotify events: a service's growth is checked after the
 * interval; the engine's own run lines cost no timer; a check owed when the
 * engine writes a line is made then.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { LogRotation, type RotationLimits } from '../../app/engine/log-rotation.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

function rotationIn(t: TestContext, limits: Partial<RotationLimits>): { rotation: LogRotation; log: string; errors: string[] } {
  const dir = path.join(tempHome(t), 'logs');
  const errors: string[] = [];
  const rotation = new LogRotation(dir, (message) => errors.push(message), { keepFiles: 2, ...limits });
  rotation.start();
  t.after(() => rotation.stop());
  return { rotation, log: path.join(dir, 'web.log'), errors };
}

const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** Appends (then `after`, as the runner tells of its own line at once) and resolves once the folder's watchers have had the event. */
async function appendSeen(file: string, text: string, after: () => void = () => undefined): Promise<void> {
  const seen = new Promise<void>((resolve) => {
    // One inotify read serves every watcher of the folder: once this one has the event, so has the rotation's.
    const watcher = watch(path.dirname(file), () => {
      watcher.close();
      resolve();
    });
  });
  appendFileSync(file, text);
  after();
  await seen;
  await new Promise((resolve) => setImmediate(resolve));
}

/** The engine's own line: appended, and its size told right away, as the runner does. */
function ownLine(rotation: LogRotation, file: string, text: string): Promise<void> {
  return appendSeen(file, text, () => rotation.wrote(file, statSync(file).size));
}

test("a service's output past the limit is rotated once the interval is over", async (t) => {
  const { log, errors } = rotationIn(t, { maxBytes: 1_000, checkEveryMs: 100 });
  appendFileSync(log, 'x'.repeat(1_500));
  await waitFor(() => existsSync(`${log}.1`) && statSync(log).size === 0, 'web.log rotated to web.log.1', 5_000);
  assert.equal(statSync(`${log}.1`).size, 1_500);
  assert.deepEqual(errors, []);
});

test("the engine's own lines arm no timer: a crash loop costs log rotation no wake-up", async (t) => {
  const { rotation, log } = rotationIn(t, { maxBytes: 1_000, checkEveryMs: 60_000 });
  await ownLine(rotation, log, '--- upkeep started\n');
  const before = timers();
  for (let cycle = 0; cycle < 3; cycle += 1) {
    await ownLine(rotation, log, '--- upkeep exited\n');
    await ownLine(rotation, log, '--- upkeep started\n');
  }
  assert.equal(timers(), before, 'no check is waiting for lines the engine wrote itself');

  // The service's own output is growth: a check is armed for it.
  await appendSeen(log, 'a line of the service\n');
  assert.equal(timers(), before + 1, 'a check waits for the interval');
});

test('a check owed when the engine writes its exit line is made then, not after the interval', async (t) => {
  const { rotation, log } = rotationIn(t, { maxBytes: 1_000, checkEveryMs: 60_000 });
  await ownLine(rotation, log, '--- upkeep started\n');
  const before = timers();
  // The service prints its stack trace as it dies...
  await appendSeen(log, 'Error: boom\n    at main (app.js:1:1)\n');
  assert.equal(timers(), before + 1);
  // ...and the engine writes the exit line: the check is made now and the timer is gone.
  await ownLine(rotation, log, '--- upkeep exited 1\n');
  assert.equal(timers(), before, 'no wake-up left for the dead service');
  // Listening again: the next output arms a check.
  await waitFor(async () => {
    await appendSeen(log, 'next run\n');
    return timers() === before + 1;
  }, 'the watcher to listen again', 5_000);
});

test('an own line that takes a log past the limit rotates it at once', async (t) => {
  const { rotation, log } = rotationIn(t, { maxBytes: 1_000, checkEveryMs: 60_000 });
  await ownLine(rotation, log, 'x'.repeat(1_200));
  await waitFor(() => existsSync(`${log}.1`) && statSync(log).size === 0, 'rotated without waiting 60 s', 5_000);
});
