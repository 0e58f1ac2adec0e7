/**
 * The files of one service's history, newest first: `<name>.jsonl` (written
 * now), then `<name>.jsonl.1` … `<name>.jsonl.N` (older, rotated by size).
 */
export const HISTORY_LIMITS = {
  /** A file is rotated once it would grow past this. */
  maxFileBytes: 256 * 1024,
  /** Rotated files kept per service (`.1` … `.N`). */
  keepFiles: 3,
  /** All services' history together; the oldest rotated files go first beyond it. */
  maxTotalBytes: 16 * 1024 * 1024,
} as const;

export type HistoryLimits = { maxFileBytes: number; keepFiles: number; maxTotalBytes: number };

export function historyFiles(current: string, keepFiles: number): string[] {
  return [current, ...Array.from({ length: keepFiles }, (_, i) => `${current}.${i + 1}`)];
}
