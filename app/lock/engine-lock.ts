/**
 * One engine per data dir. The lock file holds the owner's pid and process
 * start time; a lock whose owner is gone (or whose pid now belongs to another
 * process) is stale and may be broken.
 *
 * Why not proper-lockfile: its staleness is judged by mtime, so it needs an
 * update timer in every engine and makes a new engine wait out the stale
 * period after a crash. We know the owner's verified identity, so a crashed
 * engine's lock is broken at once.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { uniqueHex } from '../shared/unique-id.ts';
import { isSameProcess, processStartTime } from '../os/identity.ts';

export class EngineLockedError extends Error {
  readonly pid: number;
  constructor(pid: number) {
    super(`engine already running (pid ${pid})`);
    this.name = 'EngineLockedError';
    this.pid = pid;
  }
}

interface Owner {
  pid: number;
  startTime: string;
}

export interface EngineLock {
  readonly path: string;
  release(): void;
}

function parseOwner(text: string): Owner | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, startTime } = value as Record<string, unknown>;
    return typeof pid === 'number' && typeof startTime === 'string' ? { pid, startTime } : null;
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Who holds the lock now, verified; null when nobody live does. */
export function lockOwner(lockPath: string): number | null {
  const text = readText(lockPath);
  const owner = text === null ? null : parseOwner(text);
  return owner && isSameProcess(owner.pid, owner.startTime) ? owner.pid : null;
}

/** Takes the lock or throws EngineLockedError naming the live owner. */
export function acquireEngineLock(lockPath: string): EngineLock {
  const startTime = processStartTime(process.pid);
  if (!startTime) throw new Error('cannot read this process start time');
  const content = JSON.stringify({ pid: process.pid, startTime, at: new Date().toISOString() });
  // Write the whole content first, then link it into place: the lock never exists half-written.
  const temp = `${lockPath}.${process.pid}.${uniqueHex(8)}`;
  const fd = openSync(temp, 'wx', 0o600);
  writeSync(fd, content);
  closeSync(fd);
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(temp, lockPath);
        return { path: lockPath, release: () => releaseIfOurs(lockPath, content) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const existing = readText(lockPath);
      if (existing === null) continue; // vanished between link and read: try again
      const owner = parseOwner(existing);
      if (owner && isSameProcess(owner.pid, owner.startTime)) throw new EngineLockedError(owner.pid);
      breakStaleLock(lockPath, existing);
    }
    throw new Error(`could not take the engine lock ${lockPath}`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/**
 * Moves a stale lock aside atomically and deletes it only if it is still the
 * stale one we read; if another engine replaced it meanwhile, it is put back.
 */
function breakStaleLock(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.stale.${process.pid}.${uniqueHex(8)}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  if (readText(aside) === staleContent) {
    unlinkSync(aside);
    return;
  }
  try {
    linkSync(aside, lockPath);
  } finally {
    unlinkSync(aside);
  }
}

function releaseIfOurs(lockPath: string, content: string): void {
  if (readText(lockPath) !== content) return;
  try {
    unlinkSync(lockPath);
  } catch {
    // already gone
  }
}
