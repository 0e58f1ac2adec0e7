import { useEffect, useState } from 'react';
import type { Bridge, HistoryEntry } from '../../../app/api.ts';
import { asBridgeError } from '../bridge/bridge-error.ts';
import { formatClock } from '../model/format.ts';
import { STATE_WORDS } from '../model/tone.ts';

const KIND_WORDS: Record<HistoryEntry['kind'], string> = {
  transition: 'State',
  health: 'Health',
  port: 'Port',
  crash: 'Crash',
  restart: 'Restart',
  config: 'Config',
  engine: 'Upkeep',
};

/** What happened to one service, newest first: crashes, restarts, port changes, health flips. */
export function HistoryList({ name, bridge }: { name: string; bridge: Bridge }) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setEntries(null);
    setError(null);
    bridge
      .history({ name })
      .then((r) => !cancelled && setEntries(r.entries))
      .catch((e: unknown) => !cancelled && setError(asBridgeError(e).message));
    const off = bridge.on('service', ({ status, entry }) => {
      if (status.name === name && entry) setEntries((current) => (current ? [...current, entry] : current));
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [bridge, name]);

  if (error) return <p className="is-error" role="alert">{error}</p>;
  if (entries === null) return <p className="muted">Loading…</p>;
  if (entries.length === 0) return <p className="muted">Nothing has happened to {name} yet.</p>;
  return (
    <ol className="history" aria-label={`History of ${name}`}>
      {entries
        .slice(-500)
        .reverse()
        .map((e, i) => (
          <li key={`${e.at}-${i}`} className={`history-${e.kind}`}>
            <time dateTime={new Date(e.at).toISOString()}>{formatClock(e.at)}</time>
            <span className="history-kind">{KIND_WORDS[e.kind]}</span>
            <span className="history-what">
              {e.from && e.from !== e.to ? `${STATE_WORDS[e.from]} → ${STATE_WORDS[e.to]}` : STATE_WORDS[e.to]}
              {e.reason ? <span className="muted"> — {e.reason}</span> : null}
            </span>
          </li>
        ))}
    </ol>
  );
}
