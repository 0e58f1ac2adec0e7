/**
 * Follows a log file from its end, like `tail -F`: emits whole lines as they
 * are appended, and keeps going when the file is rotated (renamed and
 * recreated, or copied and truncated) or does not exist yet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this without a newline is emitted in pieces, so memory stays bounded. */
export const MAX_PARTIAL_LINE = 64 * 1024;
const READ_CHUNK = 64 * 1024;
/** Reads are synchronous (simple, and a page-cache read is fast); past this much per turn the rest waits for the next tick, so a burst never stalls the event loop. */
const MAX_BYTES_PER_TURN = 1024 * 1024;
/** fs.watch misses events on some filesystems (network mounts, some containers): a cheap stat at this pace catches up. */
const STAT_FALLBACK_MS = 1_000;

export interface FollowOptions {
  /** Start at this offset instead of the current end (to continue exactly where a tail read stopped). */
  from?: number;
}

export function followFile(
  file: string,
  onLines: (lines: string[]) => void,
  options: FollowOptions = {},
): () => void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let fd: number | null = null;
  let ino = -1;
  let position = 0;
  let partial = '';
  let decoder = new StringDecoder('utf8');
  let watcher: fs.FSWatcher | null = null;
  let closed = false;
  let reading = false;
  let again = false;

  // The starting point is taken now, synchronously, so nothing written after this call is missed.
  const initial = statOrNull(file);
  if (initial) {
    ino = initial.ino;
    position = Math.min(options.from ?? initial.size, initial.size);
    fd = openOrNull(file);
  }

  const emit = (text: string): void => {
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    while (partial.length > MAX_PARTIAL_LINE) {
      lines.push(partial.slice(0, MAX_PARTIAL_LINE));
      partial = partial.slice(MAX_PARTIAL_LINE);
    }
    const complete = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (complete.length > 0 && !closed) onLines(complete);
  };

  /** A file that ended (rotated away, truncated) will not finish its last line: it is whole as it is. */
  const flushPartial = (): void => {
    const rest = partial + decoder.end();
    partial = '';
    decoder = new StringDecoder('utf8');
    if (rest !== '' && !closed) onLines([rest]);
  };

  /** Reads from `position` towards the end of the open file; returns whether bytes are left for another turn. */
  const drain = (limit = Infinity): boolean => {
    if (fd === null) return false;
    const buffer = Buffer.alloc(READ_CHUNK);
    let budget = limit;
    while (budget > 0 && !closed) {
      let bytesRead: number;
      try {
        bytesRead = fs.readSync(fd, buffer, 0, READ_CHUNK, position);
      } catch {
        return false;
      }
      if (bytesRead <= 0) return false;
      position += bytesRead;
      budget -= bytesRead;
      emit(decoder.write(buffer.subarray(0, bytesRead)));
    }
    return !closed;
  };

  const reopen = (): void => {
    flushPartial();
    if (fd !== null) fs.closeSync(fd);
    fd = openOrNull(file);
    const stat = fd === null ? null : fs.fstatSync(fd);
    ino = stat?.ino ?? -1;
    position = 0;
  };

  const check = (): void => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const current = statOrNull(file);
        if (current === null) {
          // Renamed away or deleted: finish what the old file still has, then wait for a new one.
          drain();
          flushPartial();
          if (fd !== null) fs.closeSync(fd);
          fd = null;
          ino = -1;
          continue;
        }
        if (current.ino !== ino || fd === null) {
          drain();
          reopen();
        } else if (current.size < position) {
          // Copy-truncated: the same file starts over.
          flushPartial();
          position = 0;
        }
        if (drain(MAX_BYTES_PER_TURN)) setImmediate(check);
      } while (again && !closed);
    } finally {
      reading = false;
    }
  };

  const watch = (): void => {
    if (watcher || closed) return;
    try {
      // Watching the folder, not the file: a file watch follows the old inode after a rename.
      watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name === base) check();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null; // the folder does not exist yet; the stat timer retries
    }
  };

  watch();
  const timer = setInterval(() => {
    watch();
    check();
  }, STAT_FALLBACK_MS);
  timer.unref();

  return () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    watcher?.close();
    watcher = null;
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

function openOrNull(file: string): number | null {
  try {
    return fs.openSync(file, 'r');
  } catch {
    return null;
  }
}
