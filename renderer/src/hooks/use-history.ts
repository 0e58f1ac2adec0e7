/**
 * A service's history over the last `spanMs`: read once (again after a
 * reconnect, since events sent while away are lost), then kept current by
 * the entry each `service` event carries. Bounded like the engine's read.
 */
import { useEffect, useState } from 'react';
import type { Bridge, HistoryEntry } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { asBridgeError } from '../bridge/bridge-error.ts';

const KEPT = 20_000;

export interface HistoryView {
  /** Oldest first; null while loading. */
  entries: HistoryEntry[] | null;
  error: string | null;
}

export function useHistory(bridge: Bridge, name: string, spanMs: number | null, connection: ConnectionState = 'open'): HistoryView {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (connection !== 'open') return;
    let cancelled = false;
    let early: HistoryEntry[] = [];
    let loaded = false;
    setError(null);
    const off = bridge.on('service', ({ status, entry }) => {
      if (status.name !== name || !entry) return;
      if (!loaded) early.push(entry);
      else setEntries((current) => (current ? [...current, entry].slice(-KEPT) : current));
    });
    bridge
      .history(spanMs === null ? { name } : { name, since: Math.max(0, Date.now() - spanMs) })
      .then((r) => {
        if (cancelled) return;
        loaded = true;
        const last = r.entries[r.entries.length - 1]?.at ?? -Infinity;
        // An event that raced the read is in the read already when it is not newer.
        setEntries([...r.entries, ...early.filter((e) => e.at > last)].slice(-KEPT));
        early = [];
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(asBridgeError(e).message);
      });
    return () => {
      cancelled = true;
      off();
    };
  }, [bridge, name, spanMs, connection]);

  return { entries, error };
}
