import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleTrees } from '../../app/metrics/sample.ts';
import type { ProcessEntry } from '../../app/os/table.ts';
import { forceOsLayer, osLayer } from '../../app/os/current.ts';
import { killAtEnd } from '../support/processes.ts';
import { IDLE, nodeCode, PARENT_OF_N, startChild } from '../support/children.ts';

test('a parent with 3 children: the whole tree is counted, memory summed', async (t) => {
  const parent = await startChild(t, nodeCode(PARENT_OF_N, '3'));
  const kids = JSON.parse(parent.line) as number[];
  killAtEnd(t, () => kids);
  const lone = await startChild(t, nodeCode(IDLE));

  // Each child also as a root of its own: all are read in the same batch, so the figures add up.
  const usage = await sampleTrees([parent.pid, lone.pid, ...kids]);
  const tree = usage.get(parent.pid);
  assert.ok(tree);
  assert.equal(tree.processes, 4);
  assert.equal(usage.get(lone.pid)?.processes, 1);
  const kidsMemory = kids.reduce((sum, pid) => sum + (usage.get(pid)?.memory ?? 0), 0);
  assert.ok(kids.every((pid) => (usage.get(pid)?.memory ?? 0) > 1024 * 1024), 'every node process holds some memory');
  assert.ok(tree.memory > kidsMemory, `the tree (${tree.memory}) holds the children (${kidsMemory}) and the parent`);
  assert.ok(tree.cpu >= 0);
});

test('a busy child shows as CPU of its parent\'s tree, even on the first sample', async (t) => {
  const code = `
    const busy = require('child_process').spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    busy.once('spawn', () => console.log(busy.pid));
    setInterval(() => {}, 1 << 30);`;
  const parent = await startChild(t, nodeCode(code));
  killAtEnd(t, () => [Number(parent.line)]);
  const usage = (await sampleTrees([parent.pid])).get(parent.pid);
  assert.ok(usage);
  assert.equal(usage.processes, 2);
  assert.ok(usage.cpu > 10, `cpu ${usage.cpu}%`);
});

test('a root that is not running has no entry; no roots, no work', async () => {
  assert.deepEqual([...(await sampleTrees([999_999_999]))], []);
  assert.deepEqual([...(await sampleTrees([]))], []);
});

const entry = (pid: number, ppid: number): ProcessEntry => ({ pid, ppid, pgid: pid, argv: ['x'], command: 'x', cwd: null });

test('one usage reading for every pid of every tree; a pid gone meanwhile is left out', async () => {
  const table = [entry(10, 1), entry(11, 10), entry(12, 11), entry(20, 1), entry(21, 20)];
  const calls: number[][] = [];
  const usage = await sampleTrees([10, 20, 30], {
    table,
    readUsage: async (pids) => {
      calls.push([...pids].sort((a, b) => a - b));
      return { 10: { cpu: 1.25, memory: 100 }, 11: { cpu: 2.5, memory: 200 }, 12: null, 20: { cpu: 0, memory: 50 }, 21: { cpu: Number.NaN, memory: 5 } };
    },
  });
  assert.deepEqual(calls, [[10, 11, 12, 20, 21]]);
  assert.deepEqual(usage.get(10), { cpu: 3.8, memory: 300, processes: 2 });
  assert.deepEqual(usage.get(20), { cpu: 0, memory: 55, processes: 2 });
  assert.equal(usage.has(30), false);
});

test('a recent table is used when it holds every root; one missing a root (restarted since) or failing is read afresh', async (t) => {
  let reads = 0;
  const fresh = [entry(10, 1), entry(11, 10), entry(20, 1)];
  t.after(forceOsLayer({ ...osLayer(), listProcesses: async () => (reads++, fresh) }));
  const readUsage = async (pids: number[]) => Object.fromEntries(pids.map((pid) => [pid, { cpu: 0, memory: 1 }]));

  const holding = await sampleTrees([10], { recent: Promise.resolve([entry(10, 1)]), readUsage });
  assert.equal(reads, 0);
  assert.equal(holding.get(10)?.processes, 1, 'the recent table, not the fresh one (which has a child)');

  const missing = await sampleTrees([10, 20], { recent: Promise.resolve([entry(10, 1)]), readUsage });
  assert.equal(reads, 1);
  assert.equal(missing.get(20)?.processes, 1);
  assert.equal(missing.get(10)?.processes, 2);

  await sampleTrees([10], { recent: Promise.reject(new Error('EMFILE')), readUsage });
  assert.equal(reads, 2);
});
