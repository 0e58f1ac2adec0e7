/**
 * Memory under churn (issue #10): Upkeep alone (the peers have no HTTP checks
 * to run), 10 HTTP services checked every second and 10 services that crash
 * after CRASH_AFTER_MS, for SOAK_MS, with `upkeep status --json` polled 5×/s
 * throughout. CRASH_AFTER_MS is past the backoff reset (10 s of uptime), so
 * each crash restarts at once until the fifth in 60 s, which the default
 * policy calls a crash loop and retries every 30 s: about 0.6 starts a second
 * over the soak, more churn than crashing at once (5 starts, then one per
 * 30 s) lets through.
 *
 * Idle is the same daemon with the HTTP services up and checked, before the
 * crashers start and the polling begins. RssAnon is read once a second.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { health } from '../lib/http.ts';
import { freePorts } from '../lib/ports.ts';
import { memory } from '../lib/proc.ts';
import { CRASH_SERVICE, httpService, readStarts } from '../lib/services.ts';
import { settle } from '../lib/settle.ts';
import { median, percentile } from '../lib/stats.ts';
import { tempDir } from '../lib/temp.ts';
import { sleep, waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { ServiceDef } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

/** 10 minutes by default; UPKEEP_SOAK_MS shortens it for a trial run. */
export const SOAK_MS = Number(process.env.UPKEEP_SOAK_MS ?? 600_000);
const SERVICES_EACH = 10;
const CRASH_AFTER_MS = 10_500;
const HEALTH_EVERY_MS = 1_000;
const STATUS_EVERY_MS = 200;
const MEMORY_EVERY_MS = 1_000;
const IDLE_MS = 30_000;
/** Each reading's neighbourhood, so one GC does not decide a figure. */
const SPAN_MS = 30_000;

export interface SoakResult {
  soakMs: number;
  idleRssAnonKb: number;
  /** [ms since the load began, RssAnon kB], once a second. */
  rssAnon: Array<[number, number]>;
  /** Median of the second half (the last 5 minutes of 10). */
  loadRssAnonKb: number;
  loadRssAnonMaxKb: number;
  /** Median of the last 30 s minus the median of the 30 s around half time. */
  lastHalfGrowthKb: number;
  status: { n: number; p50: number; p99: number; max: number; failed: number };
  /**
   * How many calls overlap crashers starting (a load the whole machine feels,
   * not the engine alone): of those at or over p99, and of all of them.
   */
  duringStarts: { slow: number; slowOf: number; all: number; allOf: number };
  starts: number;
}

/** A crasher start this long before a call still weighs on it: its Node is still starting up. */
const START_WEIGHS_MS = 500;

export async function soakPart(ctx: PartContext): Promise<SoakResult> {
  const dir = tempDir('soak');
  const startsFile = path.join(dir, 'starts');
  const ports = await freePorts(SERVICES_EACH);
  const services: ServiceDef[] = [
    ...ports.map((port, i) => ({ ...httpService(`web${i}`, port), health: { path: '/health', everyMs: HEALTH_EVERY_MS } })),
    ...Array.from({ length: SERVICES_EACH }, (_, i) => ({
      name: `crash${i}`,
      command: [process.execPath, CRASH_SERVICE],
      env: { STARTS_FILE: startsFile, CRASH_AFTER_MS: String(CRASH_AFTER_MS) },
      autostart: false,
    })),
  ];
  return withSupervisors(['upkeep'], () => services, async ([upkeep]) => {
    if (!upkeep) throw new Error('soak: Upkeep did not start');
    for (const port of ports) await waitFor(`service on port ${port}`, () => health(port).then((pid) => pid ?? undefined), 60_000, 50);
    await settle([upkeep.pid]);
    const idle: number[] = [];
    for (let elapsed = 0; elapsed < IDLE_MS; elapsed += MEMORY_EVERY_MS) {
      await sleep(MEMORY_EVERY_MS);
      idle.push(memory(upkeep.pid).rssAnonKb);
    }
    const idleRssAnonKb = median(idle);
    ctx.say(`  idle RssAnon ${(idleRssAnonKb / 1024).toFixed(1)} MB; now ${SOAK_MS / 60_000} min of churn`);

    for (let i = 0; i < SERVICES_EACH; i += 1) await upkeep.startService(`crash${i}`);
    const began = Date.now();
    const end = began + SOAK_MS;
    const rssAnon: Array<[number, number]> = [];
    const calls: Array<{ at: number; ms: number }> = [];
    let failed = 0;
    const poll = async (): Promise<void> => {
      for (let next = Date.now(); next < end; next += STATUS_EVERY_MS) {
        await sleep(Math.max(0, next - Date.now()));
        try {
          const at = Date.now();
          calls.push({ at, ms: (await upkeep.status()).ms });
        } catch (error) {
          failed += 1;
          appendFileSync(path.join(dir, 'status-errors.log'), `${(error as Error).message}\n`);
        }
      }
    };
    const watch = async (): Promise<void> => {
      for (let next = began + MEMORY_EVERY_MS; next <= end; next += MEMORY_EVERY_MS) {
        await sleep(Math.max(0, next - Date.now()));
        rssAnon.push([Date.now() - began, memory(upkeep.pid).rssAnonKb]);
        if (rssAnon.length % 60 === 0) ctx.say(`  ${rssAnon.length / 60} min: RssAnon ${((rssAnon.at(-1)?.[1] ?? 0) / 1024).toFixed(1)} MB, ${calls.length} status calls, p99 ${percentile(calls.map((call) => call.ms), 99).toFixed(0)} ms`);
      }
    };
    await Promise.all([poll(), watch()]);

    const statusMs = calls.map((call) => call.ms);
    const startsAt = readStarts(startsFile);
    const p99 = percentile(statusMs, 99);
    const duringStart = ({ at, ms }: { at: number; ms: number }): boolean => startsAt.some((start) => start >= at - START_WEIGHS_MS && start <= at + ms);
    const slow = calls.filter((call) => call.ms >= p99);
    const around = (at: number): number => median(rssAnon.filter(([t]) => Math.abs(t - at) <= SPAN_MS / 2).map(([, kb]) => kb));
    const secondHalf = rssAnon.filter(([t]) => t >= SOAK_MS / 2).map(([, kb]) => kb);
    return {
      soakMs: SOAK_MS,
      idleRssAnonKb,
      rssAnon,
      loadRssAnonKb: median(secondHalf),
      loadRssAnonMaxKb: Math.max(...rssAnon.map(([, kb]) => kb)),
      lastHalfGrowthKb: around(SOAK_MS - SPAN_MS / 2) - around(SOAK_MS / 2),
      status: { n: statusMs.length, p50: median(statusMs), p99, max: Math.max(...statusMs), failed },
      duringStarts: { slow: slow.filter(duringStart).length, slowOf: slow.length, all: calls.filter(duringStart).length, allOf: calls.length },
      starts: startsAt.length,
    };
  });
}
