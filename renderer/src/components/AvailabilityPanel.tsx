import { useState } from 'react';
import type { Bridge } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { useHistory } from '../hooks/use-history.ts';
import { useNow } from '../hooks/use-now.ts';
import { SEGMENT_WORDS, type SegmentKind } from '../../../app/shared/availability.ts';
import { AvailabilityStrip } from './AvailabilityStrip.tsx';

const DAY = 86_400_000;
const SPANS = [
  { key: '24h', label: '24 h', words: '24 hours', ms: DAY },
  { key: '7d', label: '7 d', words: '7 days', ms: 7 * DAY },
] as const;
const LEGEND: SegmentKind[] = ['up', 'degraded', 'down', 'stopped', 'offline'];

/** The detail's strip: 24 hours or 7 days (one read of 7 days serves both). */
export function AvailabilityPanel({ name, bridge, connection }: { name: string; bridge: Bridge; connection: ConnectionState }) {
  const [span, setSpan] = useState<(typeof SPANS)[number]['key']>('24h');
  const { entries, error } = useHistory(bridge, name, 7 * DAY, connection);
  const now = useNow(30_000);
  const chosen = SPANS.find((s) => s.key === span) ?? SPANS[0];
  return (
    <section className="glance availability-panel" aria-labelledby={`${name}-availability`}>
      <header className="glance-head">
        <h3 id={`${name}-availability`}>Availability</h3>
        <div className="segmented" role="group" aria-label="Time span">
          {SPANS.map((s) => (
            <button key={s.key} type="button" className="button small" aria-pressed={span === s.key} onClick={() => setSpan(s.key)}>
              {s.label}
            </button>
          ))}
        </div>
      </header>
      {error ? <p className="is-error">{error}</p> : null}
      {entries === null && !error ? <p className="muted">Loading…</p> : null}
      {entries !== null ? <AvailabilityStrip entries={entries} spanMs={chosen.ms} spanWords={chosen.words} now={now} /> : null}
      <ul className="legend" aria-label="Colours">
        {LEGEND.map((kind) => (
          <li key={kind}>
            <span className={`legend-swatch seg-${kind} tone-${kind === 'stopped' || kind === 'offline' ? 'idle' : kind}`} aria-hidden="true" />
            {SEGMENT_WORDS[kind]}
          </li>
        ))}
      </ul>
    </section>
  );
}
