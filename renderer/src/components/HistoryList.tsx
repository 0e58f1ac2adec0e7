import type { Bridge, HistoryEntry } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { useHistory } from '../hooks/use-history.ts';
import { formatDateTime } from '../../../app/shared/clock.ts';
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

function what(entry: HistoryEntry): string {
  if (entry.kind === 'engine') return entry.engine === 'stopped' ? 'Upkeep stopped watching' : 'Upkeep started watching';
  return entry.from && entry.from !== entry.to ? `${STATE_WORDS[entry.from]} → ${STATE_WORDS[entry.to]}` : STATE_WORDS[entry.to];
}

/** What happened to one service, newest first: crashes, restarts, port changes, health flips, Upkeep's own starts and stops. */
export function HistoryList({ name, bridge, connection }: { name: string; bridge: Bridge; connection?: ConnectionState }) {
  const { entries, error } = useHistory(bridge, name, null, connection);
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
            <time dateTime={new Date(e.at).toISOString()} title={new Date(e.at).toLocaleString()}>
              {new Date(e.at).toDateString() === new Date().toDateString() ? formatClock(e.at) : formatDateTime(e.at)}
            </time>
            <span className="history-kind">{KIND_WORDS[e.kind]}</span>
            <span className="history-what">
              {what(e)}
              {e.reason ? <span className="muted"> — {e.reason}</span> : null}
            </span>
          </li>
        ))}
    </ol>
  );
}
