/**
 * Desktop notifications when a service goes down, fails (a crash loop, or
 * no restart left), turns unhealthy (naming the failing component) or recovers. Debounced per service so a flapping one does not spam:
 * - "down" is told only after it stayed down for `settleMs` (the engine's
 *   first restart is immediate, so a one-off crash is never worth a popup);
 * - at most one notification per service per `cooldownMs`; what happened in
 *   between is coalesced, and when the cooldown ends the person is told the
 *   current state only if it differs from what they were last told;
 * - a service someone else started again after a stop (a `rival` problem) is
 *   told at once, once per rival: that is the fight Upkeep exists to end.
 */
import type { ServiceStatus } from '../app/api.ts';
import { failingText } from '../app/shared/health-text.ts';
import { conditionOf, troubleText } from './service-condition.ts';
import { realTimers, type Timers } from '../app/shared/timers.ts';


export interface NotifierOptions {
  show(message: { title: string; body: string; service: string }): void;
  /** Read on every notification, so turning them off takes effect at once. */
  enabled(): boolean;
  clock?: Timers;
  settleMs?: number;
  cooldownMs?: number;
}

export interface Notifier {
  update(status: ServiceStatus): void;
  remove(name: string): void;
  dispose(): void;
}

type Told = 'fine' | 'unhealthy' | 'down' | 'failed';

interface Track {
  told: Told;
  /** The latest state worth telling. */
  current: Told;
  since: number;
  lastShownAt: number;
  last: ServiceStatus;
  timer: unknown;
  /** The rival last told about (kind, what of it, the copy), so each is told once. */
  rival: string | null;
}

function rivalKey(status: ServiceStatus): string | null {
  const problem = status.problem;
  return problem?.kind === 'rival' ? `${problem.finding.kind}:${JSON.stringify(problem.finding.locator)}:${problem.finding.copyPid}` : null;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const clock = options.clock ?? realTimers;
  const settleMs = options.settleMs ?? 3_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const tracks = new Map<string, Track>();

  function schedule(track: Track): void {
    if (track.timer !== null) clock.clearTimeout(track.timer);
    track.timer = null;
    if (track.current === track.told) return;
    const settle = track.current === 'down' ? track.since + settleMs : 0;
    const at = Math.max(settle, track.lastShownAt + cooldownMs);
    const delay = at - clock.now();
    if (delay <= 0) {
      tell(track);
      return;
    }
    track.timer = clock.setTimeout(() => {
      track.timer = null;
      tell(track);
    }, delay);
  }

  function tell(track: Track): void {
    const next = track.current;
    if (next === track.told) return;
    const { name } = track.last;
    const previous = track.told;
    track.told = next;
    // Still down after it failed is no news; back up after either is.
    if (next === 'down' && previous === 'failed') return;
    if (!options.enabled()) return;
    track.lastShownAt = clock.now();
    const message =
      next === 'fine'
        ? { title: `${name} is back up`, body: 'Running again.' }
        : next === 'failed'
          ? { title: `${name} has failed`, body: troubleText(track.last) }
          : next === 'unhealthy'
            ? // Which part is down is the news: "components.ghost_runner is "down", expected "up"".
              { title: `${name} is unhealthy`, body: failingText(track.last.healthDetail) ?? troubleText(track.last) }
            : { title: `${name} is down`, body: troubleText(track.last) };
    options.show({ ...message, service: name });
  }

  return {
    update(status) {
      const condition = conditionOf(status);
      // The health check's verdict came after its failure threshold: told at once, like a failure.
      const unhealthy = status.state === 'running' && status.health === 'unhealthy';
      // Starting, stopping: no news either way (a restart passes through here).
      if (condition === 'busy' && !unhealthy) return;
      const current: Told = unhealthy ? 'unhealthy' : condition === 'down' || condition === 'failed' ? condition : 'fine';
      const track = tracks.get(status.name);
      if (!track) {
        // The state at first sight is not news: the person just started the app.
        tracks.set(status.name, { told: current, current, since: clock.now(), lastShownAt: -Infinity, last: status, timer: null, rival: rivalKey(status) });
        return;
      }
      track.last = status;
      const rival = rivalKey(status);
      if (rival !== null && rival !== track.rival && options.enabled()) {
        options.show({ title: `${status.name} was started again outside Upkeep`, body: status.reason, service: status.name });
      }
      track.rival = rival;
      if (condition === 'off') {
        // Stopped on purpose (or on the way through a restart): no news, and a pending "down" is moot.
        track.current = track.told;
        schedule(track);
        return;
      }
      if (current !== track.current) {
        track.current = current;
        track.since = clock.now();
      }
      schedule(track);
    },
    remove(name) {
      const track = tracks.get(name);
      if (track?.timer != null) clock.clearTimeout(track.timer);
      tracks.delete(name);
    },
    dispose() {
      for (const name of [...tracks.keys()]) this.remove(name);
    },
  };
}
