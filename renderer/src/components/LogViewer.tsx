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
import { AnsiLine } from './AnsiLine.tsx';

const ROW_HEIGHT = 18;

const plural = (n: number, word: string): string => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

export function LogViewer({ name, bridge, connection }: { name: string; bridge: Bridge; connection: ConnectionState }) {
  const log = useLogLines(bridge, name, connection);
  const [follow, setFollow] = useState(true);
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
        <span className="log-count" aria-live="polite">
          {matches === null ? plural(log.buffer.length, 'line') : `${matches.length.toLocaleString()} of ${plural(log.buffer.length, 'line')}`}
          {log.buffer.dropped > 0 ? ` · ${log.buffer.dropped.toLocaleString()} older dropped` : ''}
        </span>
      </div>
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
            return (
              <div key={row.key} className="log-line" style={{ transform: `translateY(${row.start}px)` }}>
                <AnsiLine text={log.buffer.at(index)} highlight={deferredQuery} />
              </div>
            );
          })}
        </div>
      </div>
      {log.path ? <p className="log-path" title={log.path}>{log.path}</p> : null}
    </section>
  );
}
