/**
 * Size-based log rotation by copy-truncate.
 *
 * Services write their log through their own O_APPEND file descriptor, opened
 * at spawn and kept after the engine exits, so the log must stay the same
 * file (same inode): renaming it away would leave the service writing into
 * `.1` forever. Instead the content is copied to `.1` and the file truncated;
 * O_APPEND makes the service's next write land at the new end (offset 0).
 *
 * The window: whatever a service writes between the copy finishing and the
 * truncate is in neither file and is lost. The copy is the only slow step, so
 * what was appended during it is copied too (a second, short pass) before the
 * truncate; what remains is the few microseconds between that last read and
 * the truncate — the same trade logrotate's `copytruncate` makes.
 */
import fs from 'node:fs/promises';

export interface RotateOptions {
  /** Rotate once the file has reached this size. */
  maxBytes: number;
  /** Old files kept (`.1` newest … `.N` oldest); 0 keeps none, the file is just emptied. */
  keepFiles: number;
}

/** Files being rotated right now, so two callers never shift the same set at once. */
const rotating = new Set<string>();

/** Rotates `file` when it has grown to `maxBytes`; resolves whether it did. */
export async function rotateIfNeeded(file: string, options: RotateOptions): Promise<boolean> {
  if (rotating.has(file)) return false;
  rotating.add(file);
  try {
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    if (size < options.maxBytes) return false;
    const keep = Math.max(0, Math.floor(options.keepFiles));
    if (keep > 0) {
      await shiftOldFiles(file, keep);
      await copyWithTail(file, `${file}.1`);
    }
    await fs.truncate(file, 0);
    return true;
  } finally {
    rotating.delete(file);
  }
}

/** `.N` is dropped, `.N-1` becomes `.N`, …, `.1` becomes `.2`. */
async function shiftOldFiles(file: string, keep: number): Promise<void> {
  await fs.rm(`${file}.${keep}`, { force: true });
  for (let index = keep - 1; index >= 1; index -= 1) {
    try {
      await fs.rename(`${file}.${index}`, `${file}.${index + 1}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Copies the file, then whatever was appended while the copy ran. */
async function copyWithTail(from: string, to: string): Promise<void> {
  await fs.copyFile(from, to);
  let position = (await fs.stat(to)).size;
  const source = await fs.open(from, 'r');
  const target = await fs.open(to, 'a');
  try {
    // One pass up to the size seen now: a service writing faster than we copy must not keep us here.
    const end = (await source.stat()).size;
    const chunk = Buffer.alloc(64 * 1024);
    while (position < end) {
      const { bytesRead } = await source.read(chunk, 0, Math.min(chunk.length, end - position), position);
      if (bytesRead <= 0) return;
      await target.write(chunk, 0, bytesRead);
      position += bytesRead;
    }
  } finally {
    await source.close();
    await target.close();
  }
}
