/**
 * The tail of one service's log: virtualised (only the rows on screen are in
 * the DOM, so 100k lines stay smooth), following the end until the user
 * scrolls up or pauses, filterable, with ANSI colours.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Bridge } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { useLogLines } from '../hooks/use-log-lines.ts';
import { filterLines } from '../model/line-buffer.ts';
import { parseMarker } from '../../../app/shared/log-markers.ts';
import { formatClock } from '../model/format.ts';
import { AnsiLine } from './AnsiLine.tsx';

const ARRIVAL_NOTE = 'Arrival time: when Upkeep read the line from the log file, not when the service wrote it (services write to the file directly). Lines that were in the file before you opened it have none.';

/** Where a run begins or ends (a line the engine wrote into the log): a separator, not a log line. */
function Marker({ line }: { line: string }) {
  const marker = parseMarker(line);
  if (!marker) return null;
  return (
    <div className={`log-marker log-marker-${marker.kind}`} role="separator" aria-label={`${marker.text}, ${marker.time}`}>
      <span className="log-marker-text">
        {marker.text} <span className="log-marker-time">{marker.time}</span>
      </span>
    </div>
  );
}

const ROW_HEIGHT = 18;

const plural = (n: number, word: string): string => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

export function LogViewer({ name, bridge, connection }: { name: string; bridge: Bridge; connection: ConnectionState }) {
  const log = useLogLines(bridge, name, connection);
  const [follow, setFollow] = useState(true);
  const [showArrival, setShowArrival] = useState(false);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const scrollRef = useRef<HTMLDivElement>(null);

  const matches = useMemo(
    () => filterLines(log.buffer, deferredQuery),
    // The buffer mutates in place; its version says when.
    [log.buffer, log.version, deferredQuery],
  );
  const count = matches === null ? log.buffer.length : matches.length;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [follow, count, log.version, virtualizer]);

  useEffect(() => setFollow(true), [name]);

  // Only the user scrolls up with the content unchanged; our own scrolls go down, and
  // the browser's clamping after a shrink comes with a new scrollHeight.
  const last = useRef({ top: 0, height: 0 });
  const pauseOnScrollUp = (): void => {
    const el = scrollRef.current;
    if (!el) return;
    const movedUp = el.scrollTop < last.current.top - 1 && el.scrollHeight === last.current.height;
    last.current = { top: el.scrollTop, height: el.scrollHeight };
    if (movedUp && follow) setFollow(false);
  };

  return (
    <section className="logs" aria-label={`Log of ${name}`}>
      <div className="log-toolbar">
        <label className="search">
          <span className="visually-hidden">Filter log lines</span>
          <input type="search" placeholder="Filter lines" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button
          type="button"
          className="button small"
          aria-pressed={follow}
          title={follow ? 'Following new lines; click to pause' : 'Paused; click to follow new lines'}
          onClick={() => setFollow((f) => !f)}
        >
          {follow ? 'Following' : 'Follow'}
        </button>
        <button
          type="button"
          className="button small"
          aria-pressed={showArrival}
          title={ARRIVAL_NOTE}
          onClick={() => setShowArrival((v) => !v)}
        >
          Arrival times
        </button>
        <span className="log-count" aria-live="polite">
          {matches === null ? plural(log.buffer.length, 'line') : `${matches.length.toLocaleString()} of ${plural(log.buffer.length, 'line')}`}
          {log.buffer.dropped > 0 ? ` · ${log.buffer.dropped.toLocaleString()} older dropped` : ''}
        </span>
      </div>
      {showArrival ? <p className="log-note">Times on the left are arrival times: when Upkeep read each line, not when the service wrote it.</p> : null}
      <div
        ref={scrollRef}
        className="log-scroll"
        tabIndex={0}
        role="log"
        aria-label={`${name} log lines`}
        onWheel={(e) => {
          if (e.deltaY < 0) setFollow(false);
        }}
        onScroll={pauseOnScrollUp}
        onKeyDown={(e) => {
          if (e.key === 'End') setFollow(true);
          if (e.key === 'PageUp' || e.key === 'ArrowUp' || e.key === 'Home') setFollow(false);
        }}
      >
        {log.error ? <p className="log-empty is-error">{log.error}</p> : null}
        {!log.error && !log.loading && count === 0 ? (
          <p className="log-empty">{matches === null ? 'Nothing logged yet.' : 'No line matches.'}</p>
        ) : null}
        <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const index = matches === null ? row.index : matches[row.index]!;
            const text = log.buffer.at(index);
            const arrived = showArrival ? log.buffer.arrivedAt(index) : 0;
            const marker = text.startsWith('--- upkeep ') ? <Marker line={text} /> : null;
            return (
              <div key={row.key} className={`log-line${marker ? ' has-marker' : ''}`} style={{ transform: `translateY(${row.start}px)` }}>
                {showArrival ? (
                  <span className="log-time" title={arrived ? ARRIVAL_NOTE : 'Already in the file when the log was opened: arrival unknown'}>
                    {arrived ? formatClock(arrived) : ''}
                  </span>
                ) : null}
                {marker ?? <AnsiLine text={text} highlight={deferredQuery} />}
              </div>
            );
          })}
        </div>
      </div>
      {log.path ? <p className="log-path" title={log.path}>{log.path}</p> : null}
    </section>
  );
}
