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
 * A trim is not free: its two compacting GCs took 17-45 ms of CPU on Node 24,
 * and after one `upkeep add` they gave back 0.6 MiB. Landing in the 15 s after
 * adding a service that crash-loops, they tripled the daemon's CPU per start
 * (11-16 ms against 5, counted from quiet with the add inside the window).
 * So a trim runs only when the heap grew by MIN_GROWTH_BYTES since the last
 * one: 1 and 5 adds grew it by 0.0-0.3 MiB, 20 adds by 2.0 and 100 by 3.2
 * (committed heap, --trace-gc). Growth that waits is not lost: it counts
 * toward the next trim.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { realTimers, type Timers } from '../shared/timers.ts';

/** V8's memory reducer waits as long after a burst before it looks. */
export const QUIET_MS = 8_000;
/** Changes that never stop (a script editing config.json in a loop) still get a trim this often. */
export const MAX_WAIT_MS = 60_000;

/** Heap growth since the last trim below which a trim would cost more than it gives back. */
export const MIN_GROWTH_BYTES = 1024 * 1024;

export type CollectGarbage = () => void;
/** The heap's resident size in bytes. */
export type HeapSize = () => number;

const heapResidentBytes: HeapSize = () => v8.getHeapStatistics().total_physical_size;

/**
 * V8 11 (Node 20) reads no options in `gc(...)`: any argument asks for a minor
 * GC, so passing the options there only scavenged. Without one it runs a full
 * GC, the most it offers from JS (it compacts little).
 */
const gcTakesOptions = Number(process.versions.v8.split('.')[0]) >= 12;

/**
 * A last-resort full GC. V8 installs `gc` in contexts made while
 * `--expose-gc` is set, so one is made for the call and dropped with it
 * (keeping it would cost about 270 KiB); the flag is set back at once, so no
 * other context sees `gc`. Runtime flags are the only way in where the command
 * line is not the engine's to choose (Electron's main process).
 */
export function lastResortGc(): void {
  const gc: unknown = (globalThis as { gc?: unknown }).gc ?? gcFromFreshContext();
  if (typeof gc !== 'function') return;
  if (gcTakesOptions) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  else gc();
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
  /** The heap's size after the last trim; none yet means the first one always runs. */
  private heapAfterTrim: number | null = null;

  constructor(
    private readonly collect: CollectGarbage = lastResortGc,
    private readonly timers: Timers = realTimers,
    private readonly heapSize: HeapSize = heapResidentBytes,
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
    if (this.heapAfterTrim !== null && this.heapSize() - this.heapAfterTrim < MIN_GROWTH_BYTES) return;
    this.collect();
    this.heapAfterTrim = this.heapSize();
  }
}
