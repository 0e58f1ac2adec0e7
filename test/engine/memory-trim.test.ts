import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { lastResortGc, MAX_WAIT_MS, MemoryTrim, MIN_GROWTH_BYTES, QUIET_MS } from '../../app/engine/memory-trim.ts';
import { FakeTimers } from '../support/fake-timers.ts';
import { fixture } from '../support/engine.ts';
import { waitFor } from '../support/wait.ts';

function trimWithCount() {
  const timers = new FakeTimers();
  let trims = 0;
  const heap = { bytes: 20 * MIN_GROWTH_BYTES };
  const trim = new MemoryTrim(() => (trims += 1), timers, () => heap.bytes);
  return { timers, trim, trims: () => trims, heap };
}

test('memory trim: once, a quiet spell after the last of several changes', async () => {
  const { timers, trim, trims } = trimWithCount();
  for (let i = 0; i < 3; i += 1) {
    trim.changed();
    await timers.advance(3_000);
  }
  // 6 s after the last change: still not quiet long enough.
  await timers.advance(QUIET_MS - 3_000 - 1);
  assert.equal(trims(), 0);
  await timers.advance(1);
  assert.equal(trims(), 1);
  await timers.advance(5 * QUIET_MS);
  assert.equal(trims(), 1, 'nothing changed since: no second trim');
});

test('memory trim: changes that never stop still get one within MAX_WAIT_MS', async () => {
  const { timers, trim, trims } = trimWithCount();
  let elapsed = 0;
  while (trims() === 0 && elapsed < 2 * MAX_WAIT_MS) {
    trim.changed();
    await timers.advance(QUIET_MS / 2);
    elapsed += QUIET_MS / 2;
  }
  assert.equal(trims(), 1);
  assert.ok(elapsed >= MAX_WAIT_MS && elapsed <= MAX_WAIT_MS + QUIET_MS, `trimmed after ${elapsed} ms`);
});

test('memory trim: after the first, a trim waits until the heap grew enough to give something back', async () => {
  const { timers, trim, trims, heap } = trimWithCount();
  trim.changed();
  await timers.advance(QUIET_MS);
  assert.equal(trims(), 1, 'the first trim always runs');
  heap.bytes += MIN_GROWTH_BYTES * 0.6;
  trim.changed();
  await timers.advance(QUIET_MS);
  assert.equal(trims(), 1, 'one small change: no GC');
  heap.bytes += MIN_GROWTH_BYTES * 0.6;
  trim.changed();
  await timers.advance(QUIET_MS);
  assert.equal(trims(), 2, 'the growth that waited counts toward the next trim');
  trim.changed();
  await timers.advance(QUIET_MS);
  assert.equal(trims(), 2, 'measured again from the heap the last trim left');
});

test('memory trim: the GC it runs is a full one on this Node', async (t) => {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      if (entry.detail?.kind !== undefined) kinds.push(entry.detail.kind);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  t.after(() => observer.disconnect());
  lastResortGc();
  // Entries of one synchronous GC come together, on a later turn.
  await waitFor(() => kinds.length > 0, 'the GC entries of the trim');
  // On Node 20 an options argument to gc() meant a minor GC: the trim only scavenged.
  assert.ok(kinds.includes(constants.NODE_PERFORMANCE_GC_MAJOR), `GC kinds seen: ${kinds.join(', ')}`);
});

test('memory trim: close cancels the pending trim', async () => {
  const { timers, trim, trims } = trimWithCount();
  trim.changed();
  trim.close();
  await timers.advance(MAX_WAIT_MS);
  assert.equal(trims(), 0);
  assert.equal(timers.pending, 0);
});

const nodeMajor = Number(process.versions.node.split('.')[0]);

test('memory trim: the last-resort GC gives a fragmented old generation back, without exposing gc', { skip: nodeMajor < 22 && 'V8 before 12 (Node 20) compacts too little for this to show' }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--max-semi-space-size=1', fixture('fragmented-heap.ts')], { timeout: 60_000 });
  const { beforeKb, afterKb, gcVisible } = JSON.parse(stdout) as { beforeKb: number; afterKb: number; gcVisible: string };
  // About 30 MiB were dropped while every page still held a live object: a plain full GC gives back about 7 MiB of it, a compacting one nearly all.
  assert.ok(beforeKb - afterKb > 16 * 1024, `RssAnon ${beforeKb} -> ${afterKb} KiB`);
  assert.equal(gcVisible, 'undefined');
});
