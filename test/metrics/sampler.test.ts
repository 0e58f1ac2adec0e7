import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsSampler, type TreeUsage } from '../../app/metrics/sampler.ts';
import { FakeTimers, settle } from '../support/fake-timers.ts';
import { waitFor } from '../support/wait.ts';
import { IDLE, nodeCode, startChild } from '../support/children.ts';

function fakeSampler() {
  const timers = new FakeTimers();
  const calls: number[] = [];
  const samples: Array<Map<number, TreeUsage>> = [];
  const sampler = new MetricsSampler({
    roots: () => [42],
    onSample: (usage) => samples.push(usage),
    intervalMs: 1_000,
    timers,
    sample: async (roots) => {
      calls.push(timers.now());
      return new Map(roots.map((pid) => [pid, { cpu: calls.length, memory: 1, processes: 1 }]));
    },
  });
  return { timers, calls, samples, sampler };
}

test('no timer and no sampling while nobody holds it; every interval while held', async () => {
  const { timers, calls, samples, sampler } = fakeSampler();
  await timers.advance(10_000);
  assert.equal(timers.pending, 0);
  assert.deepEqual(calls, []);

  const release = sampler.hold();
  await timers.advance(3_500);
  assert.deepEqual(calls, [10_000, 11_000, 12_000, 13_000], 'at once, then every interval');
  assert.equal(samples.length, 4);
  release();
  assert.equal(timers.pending, 0);
  await timers.advance(10_000);
  assert.equal(calls.length, 4);
});

test('holds are counted: sampling goes on until the last one is released (each releases once)', async () => {
  const { timers, calls, sampler } = fakeSampler();
  const first = sampler.hold();
  const second = sampler.hold();
  await timers.advance(0);
  first();
  first();
  assert.equal(sampler.holds, 1);
  await timers.advance(2_000);
  assert.equal(calls.length, 3);
  second();
  assert.equal(sampler.holds, 0);
  assert.equal(timers.pending, 0);
});

test('sampleNow: one sample without a timer; calls at the same time share it; a fresh sample is reused while held', async () => {
  const { timers, calls, sampler } = fakeSampler();
  const [a, b] = await Promise.all([sampler.sampleNow(), sampler.sampleNow()]);
  assert.equal(a, b);
  assert.equal(calls.length, 1);
  assert.equal(timers.pending, 0);
  assert.deepEqual(a.get(42), { cpu: 1, memory: 1, processes: 1 });

  const release = sampler.hold();
  await timers.advance(0);
  assert.equal(calls.length, 2);
  await sampler.sampleNow();
  assert.equal(calls.length, 2, 'the sample taken a moment ago answers');
  release();
  await sampler.sampleNow();
  assert.equal(calls.length, 3, 'not held: sampled afresh');
});

test('released while a sample runs: nothing is scheduled after it', async () => {
  const timers = new FakeTimers();
  let finish: (usage: Map<number, TreeUsage>) => void = () => {};
  const sampler = new MetricsSampler({
    roots: () => [1],
    onSample: () => assert.fail('no sample is delivered after the release'),
    timers,
    sample: () => new Promise((resolve) => (finish = resolve)),
  });
  const release = sampler.hold();
  await timers.advance(0);
  release();
  finish(new Map());
  await settle();
  assert.equal(timers.pending, 0);
});

test('with the real sampler, a held sampler reports a running child', async (t) => {
  const child = await startChild(t, nodeCode(IDLE));
  const seen: Array<TreeUsage | undefined> = [];
  const sampler = new MetricsSampler({ roots: () => [child.pid], onSample: (usage) => seen.push(usage.get(child.pid)), intervalMs: 100 });
  const release = sampler.hold();
  t.after(release);
  await waitFor(() => seen.length >= 2, 'two samples', 5_000);
  release();
  assert.equal(seen[1]?.processes, 1);
  assert.ok((seen[1]?.memory ?? 0) > 0);
});
