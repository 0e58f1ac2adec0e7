/**
 * A service's availability as a strip of coloured segments (the tray's
 * tones), with its uptime beside it. The full strip is one tab stop: arrow
 * keys move between segments, and the focused or hovered one says from, to
 * and why below. The compact one, inside a list row, has hover titles only.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { HistoryEntry } from '../../../app/api.ts';
import { availability, formatUptime, SEGMENT_WORDS, segmentTone, type Segment } from '../../../app/shared/availability.ts';
import { formatDuration, formatWhen } from '../model/format.ts';

interface Props {
  entries: readonly HistoryEntry[];
  spanMs: number;
  now: number;
  /** "24 hours", "7 days": said to screen readers. */
  spanWords: string;
  compact?: boolean;
}

function describe(segment: Segment, now: number): string {
  const until = segment.to >= now - 1000 ? 'now' : formatWhen(segment.to, now);
  return `${SEGMENT_WORDS[segment.kind]} from ${formatWhen(segment.from, now)} to ${until} (${formatDuration(segment.to - segment.from)})`;
}

export function AvailabilityStrip({ entries, spanMs, now, spanWords, compact = false }: Props) {
  const from = now - spanMs;
  const { segments, uptime } = availability(entries, { from, to: now });
  const [active, setActive] = useState<number | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const detailId = useId();
  const shown = active !== null ? segments[active] : undefined;
  const label = `Availability over the last ${spanWords}: ${uptime === null ? 'not meant to run' : `${formatUptime(uptime)} up`}`;

  const place = (segment: Segment) => ({
    left: `${((segment.from - from) / spanMs) * 100}%`,
    width: `${((segment.to - segment.from) / spanMs) * 100}%`,
  });
  const className = (segment: Segment) => {
    const tone = segmentTone(segment.kind);
    return `strip-seg seg-${segment.kind}${tone ? ` tone-${tone}` : ''}`;
  };

  if (compact) {
    return (
      <span className="strip-line compact" role="img" aria-label={label}>
        <span className="strip">
          {segments.map((segment, i) => (
            <span key={i} className={className(segment)} style={place(segment)} title={`${describe(segment, now)}: ${segment.reason}`} data-kind={segment.kind} />
          ))}
        </span>
        <span className="strip-uptime">{formatUptime(uptime)}</span>
      </span>
    );
  }

  const move = (event: KeyboardEvent, index: number): void => {
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: segments.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(segments.length - 1, next));
    setFocusIndex(clamped);
    refs.current[clamped]?.focus();
  };

  return (
    <div className="availability" onMouseLeave={() => setActive(null)}>
      <div className="strip-line">
        <div className="strip" role="group" aria-label={label} aria-describedby={detailId}>
          {segments.map((segment, i) => (
            <button
              key={i}
              type="button"
              ref={(el) => {
                refs.current[i] = el;
              }}
              className={className(segment)}
              style={place(segment)}
              data-kind={segment.kind}
              tabIndex={i === Math.min(focusIndex, segments.length - 1) ? 0 : -1}
              aria-label={`${describe(segment, now)}: ${segment.reason}`}
              aria-current={active === i ? 'true' : undefined}
              onMouseEnter={() => setActive(i)}
              onFocus={() => {
                setActive(i);
                setFocusIndex(i);
              }}
              onBlur={() => setActive(null)}
              onKeyDown={(e) => move(e, i)}
            />
          ))}
        </div>
        <span className="strip-uptime" title="Time up over the time it was meant to run while Upkeep watched (stopped and Upkeep-not-running time left out)">
          {formatUptime(uptime)} up
        </span>
      </div>
      <div className="strip-axis" aria-hidden="true">
        <span>{spanWords} ago</span>
        <span>now</span>
      </div>
      <p id={detailId} className="strip-detail" aria-live="polite">
        {shown ? (
          <>
            <strong>{describe(shown, now)}</strong>
            <span className="muted"> — {shown.reason}</span>
          </>
        ) : (
          <span className="muted">Hover or focus the strip (then ← →) to see when and why.</span>
        )}
      </p>
    </div>
  );
}
