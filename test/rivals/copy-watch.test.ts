import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CopyWatch } from '../../app/rivals/copy-watch.ts';
import type { ProcessEntry } from '../../app/os/table.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

test('the watch after a stop sees a new copy within a tick, ignores what ran before, and ends by itself after its window', async (t) => {
  const dir = tempHome(t);
  const command = ['sleep', '31.5'];
  const before = spawn(command[0]!, command.slice(1), { cwd: dir, stdio: 'ignore' });
  killAtEnd(t, () => [before.pid]);
  const found: ProcessEntry[] = [];
  const watch = new CopyWatch({ everyMs: 50, owned: () => new Set(), found: (_name, entry) => found.push(entry) });
  t.after(() => watch.close());
  watch.watch('sleeper', { command, cwd: dir }, 2_000);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(found.length, 0, 'a copy already running at the stop is not news');

  const copy = spawn(command[0]!, command.slice(1), { cwd: dir, stdio: 'ignore' });
  killAtEnd(t, () => [copy.pid]);
  await waitFor(() => found.length > 0, 'the new copy seen', 2_000);
  assert.equal(found[0]!.pid, copy.pid);
  assert.deepEqual(watch.watching, [], 'found: no longer watched');

  watch.watch('sleeper', { command, cwd: dir }, 200);
  assert.deepEqual(watch.watching, ['sleeper']);
  await waitFor(() => watch.watching.length === 0, 'the window ended', 2_000);
});
