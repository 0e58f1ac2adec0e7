/** Reading a burst back from a supervisor's log: done yet, and was every line kept, once, in order. */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export const lineText = (i: number): string => `line ${i}`;

/** Bytes the burst writes: the floor for "the last line is in the file". */
export function burstBytes(lines: number): number {
  let bytes = 0;
  for (let i = 1; i <= lines; i += 1) bytes += lineText(i).length + 1;
  return bytes;
}

/** True once the file is at least `minBytes` long and its last line is the burst's last. */
export function lastLineArrived(file: string, minBytes: number, lines: number): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return false;
  }
  if (size < minBytes) return false;
  const want = `\n${lineText(lines)}\n`;
  const fd = openSync(file, 'r');
  try {
    const tail = Buffer.alloc(Math.min(size, 4_096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString('latin1').includes(want);
  } finally {
    closeSync(fd);
  }
}

export interface LineAudit {
  expected: number;
  present: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  /** Lines that are not the burst's (a supervisor's own banner, a torn line). */
  other: number;
}

export function auditLines(file: string, lines: number): LineAudit {
  const seen = new Uint8Array(lines + 1);
  let present = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let other = 0;
  let last = 0;
  for (const line of readFileSync(file, 'latin1').split('\n')) {
    if (line === '') continue;
    const match = /^line (\d+)$/.exec(line);
    const n = match ? Number(match[1]) : NaN;
    if (!(n >= 1 && n <= lines)) {
      other += 1;
      continue;
    }
    if (seen[n]) duplicates += 1;
    else present += 1;
    seen[n] = 1;
    if (n < last) outOfOrder += 1;
    last = n;
  }
  return { expected: lines, present, missing: lines - present, duplicates, outOfOrder, other };
}
