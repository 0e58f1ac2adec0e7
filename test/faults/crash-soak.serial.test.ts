/**
 * Fault: 50 services crash and get restarted, over and over, for 30 s. The
 * engine must keep answering `status` quickly (the control socket's `list`
 * round trip, a fresh connection each time as the CLI does: under 100 ms at
 * p99), its memory must not grow beyond noise, no service may run twice, and
 * every one must still be supervised at the end — then stop all leaves nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ListResult } from '../../app/api.ts';
import { connectControl } from '../../app/control/client.ts';
import { dataPaths } from '../../app/paths.ts';
import { uniqueName } from '../support/engine.ts';
import { spawnFaultEngine, type Cleanup } from '../support/engine-child.ts';
import { median, memoryKb, percentile } from '../support/proc-stats.ts';
import { liveRuns } from '../support/tagged-runs.ts';
import { waitFor } from '../support/wait.ts';

const SERVICES = 50;
const SOAK_MS = 30_000;
/** Memory settles (code loaded, heaps sized) before it is compared. */
const WARMUP_MS = 6_000;
const STATUS_P99_MS = 100;
const SAMPLE_EVERY_MS = 50;

interface Soak {
  latencies: number[];
  /** RSS samples (kB) taken after the warm-up. */
  memory: Array<{ at: number; rss: number; rssAnon: number }>;
  /** Heap retained after a full GC, at the end of the warm-up and at the end of the soak (bytes). */
  heap: { warm: number; end: number };
  duplicates: string[];
  scans: number;
  final: ListResult;
  /** After `stop all`. */
  stopped: ListResult['services'];
  /** Lines in each service's log after the stop. */
  logLines: Map<string, number>;
  left: number;
  engineExit: number | null;
}

/** Runs the soak once; the tests below each judge one side of it. */
async function soak(t: Cleanup): Promise<Soak> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'upkeep-soak-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const prefix = uniqueName('soak');
  const names = Array.from({ length: SERVICES }, (_, i) => `${prefix}-${i}`);
  const nameSet = new Set(names);
  // Each says it started, then crashes (exit 1) after 0.2–1.1 s: a shell and a sleep, cheap enough for 50 to churn on 2 cores.
  const services = names.map((name, i) => ({ name, command: [`echo started; sleep 0.${2 + (i % 10)}; exit 1`], shell: true, stopTimeoutMs: 1_000 }));
  writeFileSync(dataPaths(dataDir).config, JSON.stringify({ schemaVersion: 1, services }));
  const seen = new Set<number>();
  t.after(() => {
    for (const pid of seen) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  const engine = spawnFaultEngine(t, { dataDir, exposeGc: true, quiet: true });
  const { socket, pid: enginePid } = await engine.ready();

  const latencies: number[] = [];
  const memory: Soak['memory'] = [];
  const duplicates: string[] = [];
  let scans = 0;
  const started = Date.now();
  let lastMemoryAt = 0;
  let lastScanAt = 0;
  let heapWarm: number | null = null;
  while (Date.now() - started < SOAK_MS) {
    const t0 = performance.now();
    const client = await connectControl(socket);
    await client.call('list', {});
    client.close();
    latencies.push(performance.now() - t0);

    const now = Date.now();
    if (now - lastMemoryAt >= 500) {
      const sample = memoryKb(enginePid);
      if (!sample) throw new Error('the engine died during the soak');
      if (now - started >= WARMUP_MS) memory.push({ at: now - started, ...sample });
      lastMemoryAt = now;
    }
    if (heapWarm === null && now - started >= WARMUP_MS) {
      const heap = await engine.heap();
      assert.ok(heap.collected, 'the engine runs with --expose-gc');
      heapWarm = heap.heapUsed;
    }
    // Between timed calls, never during one: the scan reads all of /proc.
    if (now - lastScanAt >= 2_000) {
      for (const [service, runs] of liveRuns(nameSet)) {
        for (const pids of runs.values()) pids.forEach((pid) => seen.add(pid));
        if (runs.size > 1) duplicates.push(`${service}: ${runs.size} runs at ${now - started} ms`);
      }
      scans += 1;
      lastScanAt = now;
    }
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
  }

  const heap = { warm: heapWarm ?? NaN, end: (await engine.heap()).heapUsed };
  const client = await connectControl(socket);
  try {
    const final = await client.call('list', {});
    // Stop all: every run of every service ends, nothing is restarted behind our back.
    const stopped = (await client.call('stop', { name: 'all' })).services;
    await waitFor(() => liveRuns(nameSet).size === 0, 'no process of any soak service left', 5_000).catch(() => undefined);
    for (const runs of liveRuns(nameSet).values()) for (const pids of runs.values()) pids.forEach((pid) => seen.add(pid));
    const left = [...liveRuns(nameSet).values()].reduce((n, runs) => n + runs.size, 0);
    const logLines = new Map(names.map((name) => [name, readFileSync(dataPaths(dataDir).log(name), 'utf8').split('\n').filter((l) => l === 'started').length]));
    const exit = engine.exited;
    process.kill(enginePid, 'SIGTERM');
    return { latencies, memory, heap, duplicates, scans, final, stopped, logLines, left, engineExit: (await exit).code };
  } finally {
    client.close();
  }
}

describe(`${SERVICES} services crashing and restarting for ${SOAK_MS / 1000} s`, () => {
  const cleanups: Array<() => unknown> = [];
  let result: Soak;
  before(async () => {
    result = await soak({ after: (fn) => void cleanups.push(fn) });
  }, { timeout: SOAK_MS + 60_000 });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('nothing lost: they really churned, none ran twice, no log line lost, each is still supervised, stop all leaves nothing', (t) => {
    const restarts = result.final.services.reduce((sum, s) => sum + s.restarts, 0);
    t.diagnostic(`${restarts} restarts; ${result.scans} duplicate scans`);
    assert.ok(restarts >= SERVICES * 10, `the services really churned (${restarts} restarts in ${SOAK_MS} ms)`);
    assert.deepEqual(result.duplicates, [], 'no service ran twice');
    assert.equal(result.final.services.length, SERVICES);
    for (const s of result.final.services) {
      assert.ok(['starting', 'running', 'backoff', 'failed'].includes(s.state), `${s.name} is still supervised (state ${s.state})`);
      assert.ok(s.pid !== null || s.nextStartAt !== null || s.state === 'starting', `${s.name} runs, starts, or has its next start scheduled`);
    }
    assert.ok(result.stopped.every((s) => s.state === 'stopped'), 'stop all stopped every one');
    // Every start wrote one line to the log: the last run may have been stopped before its echo, no other line may be missing.
    for (const s of result.stopped) {
      const lines = result.logLines.get(s.name) ?? 0;
      assert.ok(lines === s.restarts + 1 || lines === s.restarts, `${s.name}: ${lines} lines in its log for ${s.restarts + 1} starts`);
    }
    assert.equal(result.left, 0, 'no process of any of them is left');
    assert.equal(result.engineExit, 0, 'the engine shuts down cleanly after the soak');
  });

  test('engine memory is stable: the heap it retains does not grow, and RSS in the last third is not above the first beyond noise', (t) => {
    const third = Math.floor(result.memory.length / 3);
    assert.ok(third >= 5, `enough memory samples (${result.memory.length})`);
    const early = median(result.memory.slice(0, third).map((m) => m.rss));
    const late = median(result.memory.slice(-third).map((m) => m.rss));
    const earlyAnon = median(result.memory.slice(0, third).map((m) => m.rssAnon));
    const lateAnon = median(result.memory.slice(-third).map((m) => m.rssAnon));
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    t.diagnostic(
      `RSS ${(early / 1024).toFixed(1)} → ${(late / 1024).toFixed(1)} MB (anonymous ${(earlyAnon / 1024).toFixed(1)} → ${(lateAnon / 1024).toFixed(1)} MB); ` +
        `heap after GC ${mb(result.heap.warm)} → ${mb(result.heap.end)} MB`,
    );
    // The precise check: what survives a full GC. The bounded per-service history (200 entries) is
    // still filling during the soak and accounts for about 1 MB; a leak of 5 kB per restart (over a thousand of them) does not fit in 5 MB.
    assert.ok(result.heap.end <= result.heap.warm + 5 * 1024 * 1024, `the engine retains ${mb(result.heap.end - result.heap.warm)} MB more after the soak than after the warm-up`);
    // The coarse check the issue asks for: RSS moves by 10–20 MB with GC timing and /proc buffers; a gross leak does not hide in 25 % + 8 MB.
    assert.ok(late <= early * 1.25 + 8 * 1024, `engine RSS grew from ${early} kB to ${late} kB over the soak`);
  });

  test(
    `status (the control socket's list round trip, a new connection each time) stays under ${STATUS_P99_MS} ms at p99`,
    (t) => {
      const p50 = percentile(result.latencies, 50);
      const p99 = percentile(result.latencies, 99);
      t.diagnostic(`${result.latencies.length} calls: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...result.latencies).toFixed(1)} ms`);
      assert.ok(result.latencies.length >= 100, `enough status calls (${result.latencies.length})`);
      assert.ok(p99 < STATUS_P99_MS, `status p99 ${p99.toFixed(1)} ms (p50 ${p50.toFixed(1)} ms) must stay under ${STATUS_P99_MS} ms`);
    },
  );
});
