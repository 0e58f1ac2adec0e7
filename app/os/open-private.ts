/**
 * Opens one of the engine's own files (mode 0600), making its folder (0700)
 * only when the open finds it missing. The hot paths (a run record and a log
 * per start of a crash loop) pay one open, not a mkdir and an open.
 */
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

export function openPrivate(file: string, flags: 'a' | 'w'): number {
  try {
    return openSync(file, flags, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  return openSync(file, flags, 0o600);
}
