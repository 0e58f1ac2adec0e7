/**
 * Watches config.json for hand edits: one fs.watch on its folder (editors and
 * our own atomic writes replace the file by rename, which a watch on the file
 * itself would lose), debounced so a save that lands in several writes is
 * read once. Costs nothing while nobody edits: no timer runs between events.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export const CONFIG_DEBOUNCE_MS = 100;

export function watchConfigFile(file: string, onChange: () => void, onError: (message: string) => void, debounceMs = CONFIG_DEBOUNCE_MS): () => void {
  const name = path.basename(file);
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed !== name) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, debounceMs);
    });
    watcher.on('error', (error) => {
      watcher?.close();
      onError(`stopped watching ${file} (${error.message}); use "upkeep reload" after editing it`);
    });
  } catch (error) {
    onError(`cannot watch ${file} (${(error as Error).message}); use "upkeep reload" after editing it`);
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
