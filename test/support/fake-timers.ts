/** A clock the test moves by hand, for every timer seam (monitor, sampler, notifications). */
import type { Timers } from '../../app/shared/timers.ts';

export class FakeTimers implements Timers {
  #now = 0;
  #next = 1;
  #timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.#now;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves the clock, firing due timers in order (and letting their promises settle between them). */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = [...this.#timers].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].callback();
    }
    this.#now = end;
    await settle();
  }
}

/** Lets pending promise callbacks run (a macrotask turn). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
