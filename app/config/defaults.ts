/**
 * Every default the engine applies, in one place, with what the usual
 * supervisors do for comparison.
 *
 * Restart policy
 * - PM2: restarts at once, forever (`max_restarts` 16 only counts restarts that
 *   happen before `min_uptime` 1 s); `exp_backoff_restart_delay` is opt-in.
 * - supervisord: `startretries` 3 with a backoff of 1, 2, 3 s, then FATAL and
 *   never tries again; `startsecs` 1 s is the uptime that counts as started.
 * - systemd: `Restart=` off by default; `RestartSec` 100 ms;
 *   `StartLimitBurst` 5 in `StartLimitIntervalSec` 10 s, then the unit fails.
 * Upkeep: restart always; the first restart at once (a one-off crash costs no
 * downtime), then exponential backoff from 1 s, doubling up to a 30 s cap. The
 * backoff resets after 10 s of healthy uptime (longer than PM2's and
 * supervisord's 1 s so a service that crashes after binding its port still
 * counts as looping). 5 crashes in 60 s is a crash loop (like systemd's limit,
 * over a longer window): the service turns `failed` (red) but, unlike
 * supervisord's FATAL, keeps retrying at the cap so it recovers by itself once
 * the cause goes away — unless `maxRestarts` is set.
 * A clean exit under `always` is not a crash: relaunch after 1 s (an idle
 * executor that exits is "waiting", not down).
 *
 * Stop
 * - PM2: SIGINT, `kill_timeout` 1.6 s, then SIGKILL.
 * - supervisord: `stopsignal` TERM, `stopwaitsecs` 10 s, then KILL.
 * - systemd: SIGTERM, `TimeoutStopSec` 90 s, then SIGKILL to the cgroup.
 * Upkeep: SIGTERM to the process group, 5 s, then SIGKILL to the whole tree.
 */
export const RESTART_DEFAULTS = {
  policy: 'always' as const,
  firstBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  resetAfterUptimeMs: 10_000,
  crashLoopCount: 5,
  crashLoopWindowMs: 60_000,
  relaunchDelayMs: 1_000,
};

export const STOP_DEFAULTS = {
  signal: 'SIGTERM' as const,
  timeoutMs: 5_000,
};

/** How a run of a service is stopped: its own signal and timeout before SIGKILL, else the defaults. */
export function stopPolicyOf(spec: { stopSignal?: NodeJS.Signals; stopTimeoutMs?: number }): { signal: NodeJS.Signals; timeoutMs: number } {
  return { signal: spec.stopSignal ?? STOP_DEFAULTS.signal, timeoutMs: spec.stopTimeoutMs ?? STOP_DEFAULTS.timeoutMs };
}

/**
 * When a service's main process dies on its own, what it leaves behind goes
 * with it before the restart: systemd's KillMode=control-group (its default),
 * not PM2's or supervisord's, which leave a prefork server's workers running
 * (reparented to init, still in the group, still holding the port) until they
 * notice, 5–10 s for gunicorn. Until then the new master cannot bind, and the
 * service looks blocked by a "stale copy" that is its own. Chosen because a
 * run is one unit: a worker without its master is never useful, and a
 * restart that waits for it is a restart that fails.
 * - First `kill(-pgid, 0)`: is anyone left in the run's process group? Then,
 *   only if someone is, or the port is still held, the scan for processes
 *   carrying the run's tag (it reads every process's environment), for a
 *   worker that left the group. A plain crash loop pays one syscall.
 * - The service's stop signal first, then SIGKILL after `graceMs`. The grace
 *   is short, not the stop timeout: the master is already dead, so there is
 *   no clean shutdown left to wait for — only workers finishing their
 *   in-flight request. systemd waits TimeoutStopSec (90 s) here; that is the
 *   outage we are avoiding.
 */
export const LEFTOVER_DEFAULTS = {
  graceMs: 500,
};

/**
 * Health checks, compared with process-compose and Docker HEALTHCHECK:
 * - Docker: interval 30 s, timeout 30 s, start period 0 s, retries 3.
 * - process-compose: period 10 s, timeout 1 s, initial delay 0 s, failure threshold 3.
 * Upkeep checks local services, so it looks more often than Docker: every 5 s,
 * 2 s timeout, 3 failures in a row → unhealthy, one success → healthy, and a
 * 10 s start grace during which failures do not count.
 */
export const HEALTH_DEFAULTS = {
  intervalMs: 5_000,
  timeoutMs: 2_000,
  startGraceMs: 10_000,
  failureThreshold: 3,
  expectStatus: 200,
};

export const PORT_DEFAULTS = {
  env: 'PORT',
  /** How far past the configured port reassignment looks for a free one. */
  searchRange: 100,
  onConflict: 'ask' as const,
};

export const LOG_DEFAULTS = {
  /** Rotate when a log passes this size… */
  maxBytes: 10 * 1024 * 1024,
  /** …keeping this many old files (.1 … .N), like logrotate's `rotate 5`. */
  keepFiles: 5,
  /** Lines `logs` returns when not told. */
  tailLines: 200,
};

/** Adopted processes are not our children, so their exit is not an event: a cheap kill(pid, 0) at this pace. */
export const ADOPTED_POLL_MS = 1_000;

