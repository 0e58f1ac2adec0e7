/**
 * What happens after a service's process ends on its own: a pure function of
 * the exit, the policy and the recent crashes, so the rules read in one place
 * and are tested without processes.
 */
import { RESTART_DEFAULTS } from '../config/defaults.ts';
import type { ServiceSpec } from '../config/schema.ts';
import type { ServiceState, WaitingFor } from '../api.ts';
import { nextCronTime } from '../config/cron.ts';
import { formatWhen } from '../shared/duration.ts';

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
  /** Delay before the next start; null = no restart (or, with `wait`, a start when the trigger fires). */
  delayMs: number | null;
  history: CrashHistory;
  reason: string;
  /** After a clean exit: what the next start waits for. */
  wait: WaitingFor | null;
}

/** The restart policy as written, else `on-failure` for a scheduled service (the schedule starts it) and `always` for the rest. */
export function policyOf(spec: ServiceSpec): NonNullable<ServiceSpec['restart']> {
  return spec.restart ?? (spec.schedule ? 'on-failure' : RESTART_DEFAULTS.policy);
}

/**
 * What a clean exit waits for: the next scheduled time, a file in the queue
 * folder or a change to a watched path, or the relaunch delay; null when the
 * service stays stopped. Schedules and triggers apply unless restart is never.
 */
export function cleanExitWait(spec: ServiceSpec, now: number, timing: Pick<RestartTiming, 'relaunchDelayMs'>): WaitingFor | null {
  const policy = policyOf(spec);
  if (spec.schedule && policy !== 'never') {
    const at = nextCronTime(spec.schedule, now);
    return { kind: 'schedule', detail: `next run ${formatWhen(at, now)}`, at };
  }
  const relaunch = spec.relaunch ?? {};
  if ((relaunch.whenNotEmpty || relaunch.whenChanged) && policy !== 'never') {
    const parts = [
      ...(relaunch.whenNotEmpty ? [`${shortPath(relaunch.whenNotEmpty)}/ (empty)`] : []),
      ...(relaunch.whenChanged ? [`a change to ${relaunch.whenChanged.map(shortPath).join(', ')}`] : []),
    ];
    return { kind: 'trigger', detail: `waiting for ${parts.join(' or ')}`, at: null };
  }
  if (policy !== 'always') return null;
  const delayMs = relaunch.delayMs ?? timing.relaunchDelayMs;
  return { kind: 'relaunch', detail: `relaunch in ${formatMs(delayMs)}`, at: now + delayMs };
}

/** The last part of a path is what people recognise: `queue`, not `/home/me/.local/share/upkeep/queue`. */
function shortPath(file: string): string {
  return file.replace(/\/+$/, '').split('/').pop() || file;
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
  const policy = policyOf(spec);
  const { what } = ending;

  if (ending.clean) {
    const wait = cleanExitWait(spec, ending.now, timing);
    if (wait === null) return { state: 'stopped', delayMs: null, history, reason: what, wait: null };
    return { state: 'waiting', delayMs: wait.at === null ? null : wait.at - ending.now, history, reason: `${what}; ${wait.detail}`, wait };
  }
  const crash = decideCrash(spec, policy, ending, history, timing);
  return { ...crash, wait: null };
}

function decideCrash(spec: ServiceSpec, policy: NonNullable<ServiceSpec['restart']>, ending: Ending, history: CrashHistory, timing: RestartTiming): Omit<Decision, 'wait'> {
  const { what } = ending;
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
