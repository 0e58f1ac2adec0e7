/**
 * What a supervisor costs, read straight from /proc for one pid (the daemon
 * itself, never its children): CPU from utime+stime and the scheduler's
 * per-thread runtime, memory from VmRSS and RssAnon (the part no other
 * process shares).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readStat } from '../../app/os/proc-fs.ts';
import { isZombie } from '../../app/os/proc-stat.ts';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of the process (all its threads, live and exited), in ms — in 10 ms ticks. */
export function statCpuMs(pid: number): number {
  const stat = readStat(pid);
  if (!stat) throw new Error(`pid ${pid} is gone`);
  return (stat.cpuTicks * 1000) / TICKS_PER_SECOND;
}

/** The scheduler's own runtime of each live thread, summed, in ms with ns resolution. */
export function schedCpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

export interface CpuSnapshot {
  statMs: number;
  schedMs: number;
}

export function cpuSnapshot(pid: number): CpuSnapshot {
  return { statMs: statCpuMs(pid), schedMs: schedCpuMs(pid) };
}

export interface CpuUse {
  /** The figure reported: the precise one, unless threads that ended took time it cannot see. */
  ms: number;
  statMs: number;
  schedMs: number;
}

/**
 * CPU used since `before`. utime+stime come in 10 ms ticks, too coarse for an
 * idle supervisor; schedstat is exact but forgets threads that ended. So the
 * exact figure, unless the tick count says more than a tick of rounding away.
 */
export function cpuSince(pid: number, before: CpuSnapshot): CpuUse {
  const now = cpuSnapshot(pid);
  const statMs = now.statMs - before.statMs;
  const schedMs = now.schedMs - before.schedMs;
  const tick = 1000 / TICKS_PER_SECOND;
  return { ms: statMs - schedMs > 2 * tick ? statMs : schedMs, statMs, schedMs };
}

export interface Memory {
  rssKb: number;
  rssAnonKb: number;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), rssAnonKb: field('RssAnon') };
}

/** Alive and not a zombie (a dead child nobody reaped yet still answers kill(pid, 0)). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && !isZombie(stat);
}

/** The process's argv joined by spaces, or null when it is gone. */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}
