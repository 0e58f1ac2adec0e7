/**
 * Reads a service's history from its files, newest file first, and stops at
 * the first file that begins before `since`: what is read stays bounded by
 * the window asked for and by the files' own bounded size. A line that is
 * not a history entry (torn by a crash, edited by hand) is skipped and named.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { HistoryEntry } from '../api.ts';
import { HistoryLine } from './entry-schema.ts';
import { historyFiles, HISTORY_LIMITS } from './files.ts';

export interface HistoryRead {
  /** Oldest first. */
  entries: HistoryEntry[];
  /** "history/api.jsonl line 7: not JSON" — one per skipped line. */
  skipped: string[];
}

export interface ReadOptions {
  since?: number;
  /** At most this many entries, the newest ones. */
  limit?: number;
  keepFiles?: number;
}

/** Most entries one read returns: the files hold a few thousand per service. */
export const READ_LIMIT = 20_000;

export function readHistory(file: string, options: ReadOptions = {}): HistoryRead {
  const since = options.since ?? 0;
  const limit = options.limit ?? READ_LIMIT;
  const chunks: HistoryEntry[][] = [];
  const skipped: string[] = [];
  let count = 0;
  for (const path of historyFiles(file, options.keepFiles ?? HISTORY_LIMITS.keepFiles)) {
    const text = readText(path);
    if (text === null) continue;
    const { entries, skipped: bad } = parseLines(path, text);
    skipped.push(...bad);
    const wanted = entries.filter((entry) => entry.at >= since);
    chunks.unshift(wanted);
    count += wanted.length;
    // This file starts inside the window asked for, or enough is read: older files cannot add anything.
    if (wanted.length < entries.length || count >= limit) break;
  }
  const entries = chunks.flat();
  return { entries: entries.length > limit ? entries.slice(-limit) : entries, skipped };
}

export function parseLines(path: string, text: string): HistoryRead {
  const entries: HistoryEntry[] = [];
  const skipped: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push(`${where}: not JSON${index === lines.length - 1 ? ' (cut off)' : ''}; skipped`);
      return;
    }
    const parsed = HistoryLine.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    else skipped.push(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ')}; skipped`);
  });
  return { entries, skipped };
}

/** The last entry of a file, from its last few kilobytes only (a boot reads this for every service). */
export function lastEntry(file: string): HistoryEntry | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = statSync(file).size;
    const length = Math.min(size, 8192);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    // The first line of the window may be cut; a cut last line is a torn write: look further back.
    for (let i = lines.length - 1; i >= (length < size ? 1 : 0); i -= 1) {
      const parsed = parseLines(file, lines[i]!).entries[0];
      if (parsed) return parsed;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
