/**
 * The engine's own files (config.json, run records, run state, takeover
 * records and their backups), written whole by rename, mode 0600 whatever
 * the umask: a reader sees the old file or the new one, never half of it.
 *
 * Run records and run state are not synced to disk: they mean nothing after a
 * power cut (the processes they name are gone too), and a crash loop writes
 * a record on every start. Definitions, takeover records and backups
 * are `durable`: the new file is synced before the rename and the folder
 * after it, so a power cut leaves the old one or the new one.
 * No exit hooks: write-file-atomic registered and removed signal handlers on
 * every write, which cost more than the write itself. A temp file an engine
 * killed mid-write leaves behind ends in `.tmp`, which no reader lists.
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPrivate } from '../os/open-private.ts';

let written = 0;

export function writeByRename(file: string, text: string, { durable = false }: { durable?: boolean } = {}): void {
  written += 1;
  const temp = `${file}.${process.pid}.${written}.tmp`;
  try {
    const fd = openPrivate(temp, 'w');
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, text);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  if (durable) syncFolder(path.dirname(file));
}

/** The rename itself is an entry in the folder: synced too, or a power cut may bring back the old name. */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not every system opens or syncs a folder (Windows): the file's own sync above still holds.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
