/**
 * The relaunch triggers of a service that exits when idle, as launchd's
 * QueueDirectories and WatchPaths: a folder that gets a file, or a path that
 * changes. Event-driven (fs.watch, inotify on Linux): while nothing happens
 * it costs no CPU and runs no timer. A folder or path that does not exist yet
 * is waited for by watching the nearest folder above it that does.
 */
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface TriggerSpec {
  /** Fire once this folder holds a file (names starting with "." do not count: temp files being written). */
  whenNotEmpty?: string;
  /** Fire when any of these changes. */
  whenChanged?: string[];
}

export interface Trigger {
  close(): void;
}

/** A queue folder with something in it. A missing or unreadable folder is empty. */
export function holdsFile(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => !name.startsWith('.'));
  } catch {
    return false;
  }
}

/**
 * Calls `fire` once, at the first event that counts, then stops watching.
 * A queue folder that already holds a file fires at once (synchronously is
 * avoided: on the next turn, so the caller has finished arming).
 */
export function watchTrigger(spec: TriggerSpec, fire: (why: string) => void): Trigger {
  const watchers: Array<() => void> = [];
  let done = false;
  const once = (why: string): void => {
    if (done) return;
    done = true;
    for (const close of watchers.splice(0)) close();
    fire(why);
  };
  if (spec.whenNotEmpty) {
    const dir = path.resolve(spec.whenNotEmpty);
    const check = (): void => {
      if (holdsFile(dir)) once(`a file in ${dir}`);
    };
    watchers.push(watchPath(dir, check, 'contents'));
    if (holdsFile(dir)) setImmediate(check);
  }
  for (const file of spec.whenChanged ?? []) {
    watchers.push(watchPath(path.resolve(file), () => once(`${file} changed`), 'itself'));
  }
  return {
    close: () => {
      done = true;
      for (const close of watchers.splice(0)) close();
    },
  };
}

/**
 * Watches `target` (a folder's contents, or a path itself); while it is
 * missing, watches the nearest existing folder above it and moves down as
 * the path appears. `changed` runs on every event that concerns the target.
 */
function watchPath(target: string, changed: () => void, what: 'contents' | 'itself'): () => void {
  let watcher: FSWatcher | null = null;
  let closed = false;
  const attach = (): void => {
    watcher?.close();
    watcher = null;
    if (closed) return;
    let at = target;
    for (;;) {
      try {
        watcher = watch(at, { persistent: false }, (_event, name) => onEvent(at, name));
        watcher.on('error', () => attach());
        break;
      } catch {
        const parent = path.dirname(at);
        if (parent === at) return;
        at = parent;
      }
    }
    if (at === target) return;
    // The target may have appeared between the first failed watch and now.
    if (existsNow(target)) setImmediate(() => (attach(), changed()));
  };
  const onEvent = (at: string, name: string | Buffer | null): void => {
    if (at === target) {
      changed();
      // A watched path that was replaced (rename over it) loses its inode: watch it anew.
      if (what === 'itself') attach();
      return;
    }
    // Watching an ancestor: only the next step down matters.
    const next = path.join(at, path.relative(at, target).split(path.sep)[0] ?? '');
    if (name !== null && path.join(at, name.toString()) !== next) return;
    if (!existsNow(next)) return;
    attach();
    if (existsNow(target)) changed();
  };
  attach();
  return () => {
    closed = true;
    watcher?.close();
  };
}

const existsNow = (file: string): boolean => existsSync(file);
