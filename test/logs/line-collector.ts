/** Collects lines from a follower and lets a test await a condition on them, with a deadline. */
export class LineCollector {
  readonly lines: string[] = [];
  readonly batches: string[][] = [];
  private waiters: Array<() => void> = [];

  readonly push = (lines: string[]): void => {
    this.batches.push(lines);
    this.lines.push(...lines);
    for (const wake of this.waiters.splice(0)) wake();
  };

  /** Resolves once `predicate` holds; rejects with what was seen when `timeoutMs` passes first. */
  async until(predicate: (lines: string[]) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.lines)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; lines so far: ${JSON.stringify(this.lines.slice(-10))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
