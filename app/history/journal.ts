/**
 * The engine's side of lasting history: every change goes to the store, and
 * so do the engine's own start and stop (kind `engine`), so the times nobody
 * watched can be told apart from quiet ones. An engine that was killed wrote
 * no stop; the next one writes it for it, at the moment it was last seen.
 */
import type { Health, HistoryEntry, ServiceState } from '../api.ts';
import type { DataPaths } from '../paths.ts';
import { formatDateTime } from '../shared/clock.ts';
import { lastSeen, startHeartbeat, type Heartbeat } from './heartbeat.ts';
import { HistoryStore } from './store.ts';
import type { HistoryRead } from './read.ts';
import type { HistoryLimits } from './files.ts';

export interface Watched {
  name: string;
  state: ServiceState;
  health: Health;
}

export class Journal {
  readonly store: HistoryStore;
  private readonly paths: DataPaths;
  private heartbeat: Heartbeat | null = null;

  constructor(paths: DataPaths, onProblem: (message: string, service?: string) => void, limits?: Partial<HistoryLimits>) {
    this.paths = paths;
    this.store = new HistoryStore(paths, onProblem, limits);
  }

  /** Before the first transition of this engine: close what a killed engine left open, then say we started. */
  opened(services: Watched[], now = Date.now()): void {
    const seen = lastSeen(this.paths.engineAlive);
    for (const service of services) {
      const last = this.store.last(service.name);
      if (last && !(last.kind === 'engine' && last.engine === 'stopped')) {
        const at = Math.min(now, Math.max(last.at, seen ?? last.at));
        this.store.append({
          ...engineEntry(service, 'stopped', at, `Upkeep stopped without a word (killed or crashed); last seen ${formatDateTime(at)}`),
          // Whatever it was doing then is all anyone knows.
          from: last.to,
          to: last.to,
        });
      }
      this.store.append(engineEntry(service, 'started', now, `Upkeep started (pid ${process.pid})`));
    }
    this.heartbeat?.stop();
    this.heartbeat = startHeartbeat(this.paths.engineAlive);
  }

  record(entry: HistoryEntry): void {
    this.store.append(entry);
  }

  read(service: string, since?: number): HistoryRead {
    return this.store.read(service, since === undefined ? {} : { since });
  }

  forget(service: string): void {
    this.store.forget(service);
  }

  /** The engine is going away (services may keep running, unwatched). */
  closed(services: Watched[], now = Date.now()): void {
    this.heartbeat?.stop();
    this.heartbeat = null;
    for (const service of services) this.store.append(engineEntry(service, 'stopped', now, 'Upkeep stopped'));
    this.store.flush();
  }
}

function engineEntry(service: Watched, engine: 'started' | 'stopped', at: number, reason: string): HistoryEntry {
  return { at, service: service.name, from: service.state, to: service.state, reason, kind: 'engine', health: service.health, engine };
}
