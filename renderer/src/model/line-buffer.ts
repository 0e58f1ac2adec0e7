/**
 * The log lines the viewer keeps: at most `capacity`, oldest dropped first, so
 * a chatty service cannot grow the window's memory without end.
 */
export const LOG_LINES_KEPT = 100_000;

export class LineBuffer {
  // A ring: fixed memory, O(1) append and O(1) access by index, no copying as old lines fall off.
  private ring: string[] = [];
  /** When each line arrived (ms), beside it in the same slots; 0 for lines that came with the tail. */
  private times: number[] = [];
  private start = 0;
  private count = 0;
  /** How many lines were dropped from the front since the last reset. */
  dropped = 0;
  /** Bumped on every change, for React to notice. */
  version = 0;
  readonly capacity: number;

  constructor(capacity = LOG_LINES_KEPT) {
    this.capacity = capacity;
  }

  get length(): number {
    return this.count;
  }

  /** Line `index` counted from the oldest kept line. */
  at(index: number): string {
    return this.ring[(this.start + index) % this.capacity] ?? '';
  }

  /** When line `index` arrived, or 0 when that is not known (it was already in the file). */
  arrivedAt(index: number): number {
    return this.times[(this.start + index) % this.capacity] ?? 0;
  }

  push(lines: readonly string[], arrivedAt = 0): void {
    if (lines.length === 0) return;
    const before = this.count;
    for (const line of lines.length > this.capacity ? lines.slice(-this.capacity) : lines) {
      let slot: number;
      if (this.count < this.capacity) {
        slot = (this.start + this.count) % this.capacity;
        this.count += 1;
      } else {
        slot = this.start;
        this.start = (this.start + 1) % this.capacity;
      }
      this.ring[slot] = line;
      this.times[slot] = arrivedAt;
    }
    this.dropped += before + lines.length - this.count;
    this.version += 1;
  }

  /** Everything kept, oldest first (for tests and overlap checks on small buffers). */
  toArray(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i));
  }

  /** The last `n` kept lines. */
  last(n: number): string[] {
    const from = Math.max(0, this.count - n);
    return Array.from({ length: this.count - from }, (_, i) => this.at(from + i));
  }

  reset(lines: readonly string[] = []): void {
    this.ring = [];
    this.times = [];
    this.start = 0;
    this.count = 0;
    this.dropped = 0;
    this.push(lines);
    this.version += 1;
  }
}

/**
 * Lines that arrived by follow while the tail was loading may repeat the
 * tail's end; returns the part of `incoming` that is new.
 */
export function withoutOverlap(tail: readonly string[], incoming: readonly string[]): readonly string[] {
  const max = Math.min(tail.length, incoming.length);
  for (let k = max; k > 0; k--) {
    let same = true;
    for (let i = 0; i < k; i++) {
      if (tail[tail.length - k + i] !== incoming[i]) {
        same = false;
        break;
      }
    }
    if (same) return incoming.slice(k);
  }
  return incoming;
}

// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(line: string): string {
  return line.includes('\u001b') ? line.replace(ANSI_PATTERN, '') : line;
}

/** Indices of lines containing `query` (case-insensitive, colours ignored); null = no filter. */
export function filterLines(buffer: Pick<LineBuffer, 'length' | 'at'>, query: string): number[] | null {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const out: number[] = [];
  for (let i = 0; i < buffer.length; i++) {
    if (stripAnsi(buffer.at(i)).toLowerCase().includes(q)) out.push(i);
  }
  return out;
}
