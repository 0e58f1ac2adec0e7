/** The file-watch triggers on real folders: a queue that gets a file, a folder that does not exist yet, a path that changes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { watchTrigger } from '../../app/supervisor/relaunch-trigger.ts';
import { tempHome } from '../support/temp-home.ts';

function firing(spec: Parameters<typeof watchTrigger>[0]): { fired: Promise<string>; count: () => number; close: () => void } {
  let count = 0;
  let resolve: (why: string) => void = () => undefined;
  const fired = new Promise<string>((r) => (resolve = r));
  const trigger = watchTrigger(spec, (why) => {
    count += 1;
    resolve(why);
  });
  return { fired, count: () => count, close: () => trigger.close() };
}

/** The watches do not keep node alive (inside the engine they must not); this deadline does, until the promise settles. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets pending fs events arrive: if one were going to fire the trigger, it would have by now. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

test('a queue folder that does not exist yet is waited for, then fires once at its first file (dot files do not count)', async (t) => {
  const home = tempHome(t);
  const queue = path.join(home, 'spool', 'queue');
  const trigger = firing({ whenNotEmpty: queue });
  t.after(trigger.close);
  mkdirSync(path.join(home, 'spool'));
  await settle();
  mkdirSync(queue);
  await settle();
  writeFileSync(path.join(queue, '.partial'), 'x');
  await settle();
  assert.equal(trigger.count(), 0, 'an empty (or only dot-file) queue does not fire');
  writeFileSync(path.join(queue, 'job-1.json'), '{}');
  assert.match(await within(trigger.fired, 1_000, 'trigger'), /a file in .*queue/);
  writeFileSync(path.join(queue, 'job-2.json'), '{}');
  await settle();
  assert.equal(trigger.count(), 1, 'fires once, then stops watching');
});

test('a queue that already holds a file fires at once', async (t) => {
  const queue = path.join(tempHome(t), 'queue');
  mkdirSync(queue);
  writeFileSync(path.join(queue, 'job.json'), '{}');
  const trigger = firing({ whenNotEmpty: queue });
  t.after(trigger.close);
  await within(trigger.fired, 1_000, 'trigger');
});

test('a watched path fires when it changes, also when it is created later', async (t) => {
  const home = tempHome(t);
  const file = path.join(home, 'settings.conf');
  writeFileSync(file, 'a=1\n');
  const changed = firing({ whenChanged: [file] });
  t.after(changed.close);
  await settle();
  assert.equal(changed.count(), 0);
  writeFileSync(file, 'a=2\n');
  assert.match(await within(changed.fired, 1_000, 'trigger'), /settings\.conf changed/);

  const later = path.join(home, 'later', 'flag');
  const created = firing({ whenChanged: [later] });
  t.after(created.close);
  mkdirSync(path.dirname(later));
  await settle();
  writeFileSync(later, '');
  await within(created.fired, 1_000, 'trigger on creation');
});
