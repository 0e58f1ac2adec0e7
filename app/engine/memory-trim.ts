/**
 * Gives memory back once the engine goes quiet after its definitions change.
 *
 * Adding, editing or removing services is a burst of work (config writes,
 * spawns, process-table scans). With a 1 MiB young generation
 * (engine-flags.ts) part of its garbage is promoted, and V8 keeps the old
 * generation's pages resident: after 100 `upkeep add`s RssAnon went from 19 to
 * 27 MiB and stayed there although under 1 MiB more of it was alive. V8's own
 * memory reducer does not step in: it follows a full GC, and a burst that only
 * scavenges has none. One last-resort GC (it compacts and unmaps free pages),
 * QUIET_MS after the last change, took it back to 20 MiB for about 45 ms of
 * CPU, once (Node 24).
 *
 * On Node 20 (V8 11.3) the same GC compacts less and gives back little.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { realTimers, type Timers } from '../shared/timers.ts';

/** V8's memory reducer waits as long after a burst before it looks. */
export const QUIET_MS = 8_000;
/** Changes that never stop (a script editing config.json in a loop) still get a trim this often. */
export const MAX_WAIT_MS = 60_000;

export type CollectGarbage = () => void;

/**
 * A last-resort full GC. V8 installs `gc` in contexts made while
 * `--expose-gc` is set, so one is made for the call and dropped with it
 * (keeping it would cost about 270 KiB); the flag is set back at once, so no
 * other context sees `gc`. Runtime flags are the only way in where the command
 * line is not the engine's to choose (Electron's main process).
 */
export function lastResortGc(): void {
  const gc: unknown = (globalThis as { gc?: unknown }).gc ?? gcFromFreshContext();
  if (typeof gc === 'function') gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

function gcFromFreshContext(): unknown {
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc');
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

export class MemoryTrim {
  private timer: unknown = null;
  /** When the first change the pending trim waits for happened. */
  private firstChangeAt: number | null = null;

  constructor(
    private readonly collect: CollectGarbage = lastResortGc,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Definitions changed: trim once things are quiet again. */
  changed(): void {
    const now = this.timers.now();
    this.firstChangeAt ??= now;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const wait = Math.min(QUIET_MS, Math.max(0, this.firstChangeAt + MAX_WAIT_MS - now));
    this.timer = this.timers.setTimeout(() => this.trim(), wait);
    // The engine's own timers never keep its process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  close(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private trim(): void {
    this.timer = null;
    this.firstChangeAt = null;
    this.collect();
  }
}
