/** The last events of each service (crashes, restarts, port changes, health flips), bounded. */
import type { HistoryEntry } from '../api.ts';

const PER_SERVICE = 200;

export class History {
  private readonly entries = new Map<string, HistoryEntry[]>();

  add(entry: HistoryEntry): void {
    const list = this.entries.get(entry.service) ?? [];
    list.push(entry);
    if (list.length > PER_SERVICE) list.splice(0, list.length - PER_SERVICE);
    this.entries.set(entry.service, list);
  }

  of(service: string): HistoryEntry[] {
    return [...(this.entries.get(service) ?? [])];
  }

  forget(service: string): void {
    this.entries.delete(service);
  }
}
