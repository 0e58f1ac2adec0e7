import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { engineWith, nodeFixture } from '../support/engine.ts';
import { waitFor } from '../support/wait.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';

test('stop leaves nothing of the tree alive, even children that ignore SIGTERM or left the group', async (t) => {
  const dir = tempHome(t);
  const pidsFile = path.join(dir, 'pids.json');
  const { engine } = await engineWith(t, [
    { name: 'stubborn', command: nodeFixture('stubborn-tree.mjs', pidsFile), stopTimeoutMs: 500 },
  ]);
  const pids = await waitFor(
    () => existsSync(pidsFile) && (JSON.parse(readFileSync(pidsFile, 'utf8')) as { root: number; child: number; escapee: number }),
    'the tree to come up',
  );
  killAtEnd(t, () => [pids.root, pids.child, pids.escapee]);
  assert.ok([pids.root, pids.child, pids.escapee].every(isAlive));

  const result = await engine.stop({ name: 'stubborn' });
  assert.equal(result.services[0]!.state, 'stopped');
  assert.match(result.services[0]!.reason, /SIGKILL after 500 ms/);
  for (const [role, pid] of Object.entries(pids)) assert.equal(isAlive(pid), false, `${role} (pid ${pid}) survived`);
});

test('stop of a polite service is quick and needs no SIGKILL', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'polite', command: nodeFixture('forever.mjs') }]);
  const pid = await waitFor(async () => (await engine.list({})).services[0]?.pid, 'pid');
  const started = Date.now();
  const result = await engine.stop({ name: 'polite' });
  assert.ok(Date.now() - started < 2_000);
  assert.doesNotMatch(result.services[0]!.reason, /SIGKILL/);
  assert.equal(isAlive(pid), false);
  assert.equal(result.services[0]!.pid, null);
});

test('stop all of several such trees at once (one shared reading of the process table) leaves nothing of any of them', async (t) => {
  const dir = tempHome(t);
  const names = ['stubborn-a', 'stubborn-b', 'stubborn-c'];
  const pidsFile = (name: string): string => path.join(dir, `${name}.json`);
  const { engine } = await engineWith(
    t,
    names.map((name) => ({ name, command: nodeFixture('stubborn-tree.mjs', pidsFile(name)), stopTimeoutMs: 500 })),
  );
  const trees = await Promise.all(
    names.map((name) =>
      waitFor(
        () => existsSync(pidsFile(name)) && (JSON.parse(readFileSync(pidsFile(name), 'utf8')) as { root: number; child: number; escapee: number }),
        `${name} to come up`,
      ),
    ),
  );
  const every = trees.flatMap((tree) => [tree.root, tree.child, tree.escapee]);
  killAtEnd(t, () => every);
  assert.ok(every.every(isAlive));

  const result = await engine.stop({ name: 'all' });
  assert.deepEqual(result.services.map((s) => s.state), ['stopped', 'stopped', 'stopped']);
  for (const pid of every) assert.equal(isAlive(pid), false, `pid ${pid} survived`);
});
