/**
 * What happens after a service's process ends on its own: a pure function of
 * the exit, the policy and the recent crashes, so the rules read in one place
 * and are tested without processes.
 */
import { RESTART_DEFAULTS } from '../config/defaults.ts';
import type { ServiceSpec } from '../config/schema.ts';
import type { ServiceState } from '../api.ts';

export type RestartTiming = typeof RESTART_DEFAULTS;

export interface CrashHistory {
  /** Crashes in the current streak (reset after a healthy uptime). */
  streak: number;
  /** When recent crashes happened, for crash-loop detection. */
  times: number[];
}

export interface ExitFacts {
  code: number | null;
  signal: string | null;
  /** Exit status unknown (an adopted process is not our child). */
  unknown: boolean;
  uptimeMs: number;
  now: number;
}

export interface Decision {
  state: Extract<ServiceState, 'waiting' | 'backoff' | 'failed' | 'stopped'>;
  /** Delay before the next start; null = no restart. */
  delayMs: number | null;
  history: CrashHistory;
  reason: string;
}

export function describeExit(facts: Pick<ExitFacts, 'code' | 'signal' | 'unknown'>): string {
  if (facts.unknown) return 'exited (status unknown: adopted process)';
  if (facts.signal) return `killed by ${facts.signal}`;
  return `exited with code ${facts.code ?? '?'}`;
}

export function backoffDelay(streak: number, timing: RestartTiming): number {
  // The first restart is immediate: a one-off crash costs no downtime.
  if (streak <= 1) return 0;
  return Math.min(timing.firstBackoffMs * 2 ** (streak - 2), timing.maxBackoffMs);
}

export function decideAfterExit(spec: ServiceSpec, facts: ExitFacts, history: CrashHistory, timing: RestartTiming): Decision {
  const clean = !facts.unknown && facts.code === 0 && facts.signal === null;
  return decide(spec, { what: describeExit(facts), clean, uptimeMs: facts.uptimeMs, now: facts.now }, history, timing);
}

/** A start that produced no process (ENOENT, EACCES) counts as a crash of zero uptime, told as what it was. */
export function decideAfterSpawnFailure(spec: ServiceSpec, message: string, now: number, history: CrashHistory, timing: RestartTiming): Decision {
  return decide(spec, { what: `cannot start: ${message}`, clean: false, uptimeMs: 0, now }, history, timing);
}

interface Ending {
  /** The ending in words: "exited with code 1", "cannot start: spawn ENOENT". */
  what: string;
  clean: boolean;
  uptimeMs: number;
  now: number;
}

function decide(spec: ServiceSpec, ending: Ending, history: CrashHistory, timing: RestartTiming): Decision {
  const policy = spec.restart ?? RESTART_DEFAULTS.policy;
  const { what } = ending;

  if (ending.clean) {
    if (policy === 'always') {
      return { state: 'waiting', delayMs: timing.relaunchDelayMs, history, reason: `${what}; relaunch in ${formatMs(timing.relaunchDelayMs)}` };
    }
    return { state: 'stopped', delayMs: null, history, reason: what };
  }
  if (policy === 'never') return { state: 'failed', delayMs: null, history, reason: `${what}; restart policy is never` };

  const streak = ending.uptimeMs >= timing.resetAfterUptimeMs ? 1 : history.streak + 1;
  const times = [...history.times.filter((t) => ending.now - t < timing.crashLoopWindowMs), ending.now];
  const next: CrashHistory = { streak, times };

  if (spec.maxRestarts !== undefined && streak > spec.maxRestarts) {
    return { state: 'failed', delayMs: null, history: next, reason: `${what}; gave up after ${spec.maxRestarts} restarts` };
  }
  if (times.length >= timing.crashLoopCount) {
    const delay = timing.maxBackoffMs;
    return {
      state: 'failed',
      delayMs: delay,
      history: next,
      reason: `${what}; crash loop (${times.length} crashes in ${formatMs(timing.crashLoopWindowMs)}), retrying every ${formatMs(delay)}`,
    };
  }
  const delay = backoffDelay(streak, timing);
  return { state: 'backoff', delayMs: delay, history: next, reason: delay === 0 ? `${what}; restarting now` : `${what}; restart in ${formatMs(delay)}` };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
