/**
 * Stray copies in status are never stale, both ways: a copy started by hand
 * shows within 2 s for someone polling status, and one that is gone is gone
 * from the very next status (each listed pid and start time is checked again
 * when the list is built), not 20–30 s later.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

test('a copy started by hand shows within 2 s of polling; once killed it is gone from the next status', async (t) => {
  const cwd = tempHome(t);
  const name = uniqueName('fresh');
  const command = nodeFixture('forever.mjs', name);
  const { engine } = await engineWith(t, [{ name, command, cwd }]);
  const duplicates = async () => (await engine.list({})).services[0]?.duplicates.map((d) => d.pid) ?? [];
  await waitFor(async () => (await engine.list({})).services[0]?.state === 'running', `${name} running`);
  // Let the scans that start-up set off finish, so the copy is new to the engine.
  await new Promise((resolve) => setTimeout(resolve, 1_600));
  assert.deepEqual(await duplicates(), []);

  const [file, ...args] = command;
  const copy = spawn(file!, args, { cwd, detached: true, stdio: 'ignore' });
  killAtEnd(t, () => [copy.pid]);
  const startedAt = Date.now();
  await waitFor(async () => (await duplicates()).includes(copy.pid!), 'the copy in status', 5_000, 100);
  const tookMs = Date.now() - startedAt;
  t.diagnostic(`a new copy showed in status after ${tookMs} ms of polling every 100 ms`);
  assert.ok(tookMs <= 2_000, `the copy showed after ${tookMs} ms`);

  copy.kill('SIGKILL');
  await new Promise<void>((resolve) => copy.once('exit', () => resolve()));
  assert.deepEqual(await duplicates(), [], 'the next status no longer lists it');
});
