/**
 * The engine's own small files (run records, run state, takeover records and
 * their backups), written whole by rename, mode 0600 whatever the umask: a
 * reader sees the old file or the new one, never half of it.
 *
 * No fsync: these files mean nothing after a power cut (the processes they
 * name are gone too). No exit hooks either: write-file-atomic registers and
 * removes signal handlers on every write, which cost more than the write
 * itself on every restart of a crash loop. A temp file an engine killed
 * mid-write leaves behind ends in `.tmp`, which no reader lists.
 */
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let written = 0;

export function writeByRename(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  written += 1;
  const temp = `${file}.${process.pid}.${written}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
