/** A copy of a user's file, taken before a takeover edits it: in the data dir, mode 0600. */
import { copyFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../paths.ts';
import { writeByRename } from '../registry/write-by-rename.ts';

export function backupFile(paths: DataPaths, service: string, file: string): string {
  const target = paths.backup(service, file, Date.now());
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  copyFileSync(file, target);
  chmodSync(target, 0o600);
  return target;
}

/** For what is not a file of its own (the user's crontab, as `crontab -l` prints it). */
export function backupText(paths: DataPaths, service: string, label: string, text: string): string {
  const target = paths.backup(service, label, Date.now());
  writeByRename(target, text, { durable: true });
  return target;
}
