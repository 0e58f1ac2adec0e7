import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forceOsLayer, osLayer } from '../../app/os/current.ts';
import { listProcesses, type ProcessEntry } from '../../app/os/table.ts';
import { RunTagCache, TAG, findRunTops } from '../../app/runs/tags.ts';
import { IDLE, nodeCode, startChild } from '../support/children.ts';
import { tempHome } from '../support/temp-home.ts';

const sameProcess = (a: ProcessEntry, b: ProcessEntry): boolean => a.pid === b.pid && a.startTime === b.startTime && a.command === b.command;

test("a run's root is found from a table read once, and a second scan reads only new processes' environments", { skip: process.platform !== 'linux' }, async (t) => {
  const dataDir = tempHome(t);
  const tags = (runId: string) => ({ ...process.env, [TAG.dataDir]: dataDir, [TAG.service]: 'web', [TAG.runId]: runId });
  const first = await startChild(t, nodeCode(IDLE), { env: tags('run-1') });

  let read: number[] = [];
  const layer = osLayer();
  const environOf = layer.environOf!;
  t.after(forceOsLayer({ ...layer, environOf: (pid) => (read.push(pid), environOf(pid)) }));

  const cache = new RunTagCache();
  const before = await listProcesses({ wantCwd: () => false });
  const tops = await cache.runTops(before, dataDir);
  assert.deepEqual(tops.map((p) => [p.pid, p.service, p.runId]), [[first.pid, 'web', 'run-1']]);
  assert.deepEqual(tops, await findRunTops(dataDir), 'the same answer as reading every environment');
  assert.ok(read.includes(first.pid));

  const second = await startChild(t, nodeCode(IDLE), { env: tags('run-2') });
  read = [];
  const after = await listProcesses({ wantCwd: () => false });
  const again = await cache.runTops(after, dataDir);
  assert.deepEqual(again.map((p) => p.pid).sort((a, b) => a - b), [first.pid, second.pid].sort((a, b) => a - b));
  assert.ok(read.includes(second.pid), 'the new process is read');
  const known = read.filter((pid) => before.some((b) => after.some((a) => a.pid === pid && sameProcess(a, b))));
  assert.deepEqual(known, [], 'a process already read, unchanged, is not read again');
});
