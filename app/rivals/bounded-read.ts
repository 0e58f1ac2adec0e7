/**
 * Reading other programs' files (scripts, configs, plists, crontabs): regular
 * files only, 256 KB at most, never a FIFO or a device that would block.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';

export const MAX_FILE_BYTES = 256 * 1024;

export type ReadResult = { ok: true; data: Buffer } | { ok: false; reason: string };

export function readBounded(file: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stat.size > maxBytes) return { ok: false, reason: `larger than ${Math.round(maxBytes / 1024)} KB` };
    // Files under /proc report size 0: read to the end, still within the bound.
    const limit = stat.size > 0 ? stat.size : maxBytes;
    const buffer = Buffer.alloc(limit + (stat.size > 0 ? 0 : 1));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, null);
      if (n === 0) break;
      read += n;
    }
    if (read > maxBytes) return { ok: false, reason: `larger than ${Math.round(maxBytes / 1024)} KB` };
    return { ok: true, data: buffer.subarray(0, read) };
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  } finally {
    closeSync(fd);
  }
}

export function readTextBounded(file: string, maxBytes = MAX_FILE_BYTES): string | null {
  const result = readBounded(file, maxBytes);
  return result.ok ? result.data.toString('utf8') : null;
}

/** Entry names of a folder, sorted; empty when it is missing or unreadable. */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
