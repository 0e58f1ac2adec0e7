/**
 * A service's history as an availability strip: the stretch of time cut
 * into segments by what the service was doing, each with the entry that
 * began it (from, to, why). Pure, and free of Node and zod: the window draws
 * it at run time. Colours follow the tray's tone table (./tone.ts).
 */
import type { Health, HistoryEntry, ServiceState } from '../api.ts';
import { toneOf, type Tone } from './tone.ts';

/**
 * up: running and healthy or with no check, or waiting for a relaunch;
 * degraded: unhealthy, starting or stopping; down: backoff, failed, blocked;
 * stopped: by the user; offline: Upkeep itself was not running;
 * unknown: before the history begins.
 */
export type SegmentKind = 'up' | 'degraded' | 'down' | 'stopped' | 'offline' | 'unknown';

export interface Segment {
  kind: SegmentKind;
  from: number;
  to: number;
  /** The state the service was in (null for offline and unknown). */
  state: ServiceState | null;
  /** Why it began: the reason of the entry that started it. */
  reason: string;
}

export interface Availability {
  segments: Segment[];
  /** Up time over the time it was meant to run and watched (up + degraded + down), 0…1; null when there was none. */
  uptime: number | null;
}

/** The tone (the tray's colour) a segment is drawn in. */
export function segmentTone(kind: SegmentKind): Tone | null {
  switch (kind) {
    case 'up':
    case 'degraded':
    case 'down':
      return kind;
    case 'stopped':
    case 'offline':
      return 'idle';
    case 'unknown':
      return null;
  }
}

function kindOf(state: ServiceState, health: Health): SegmentKind {
  const tone = toneOf(state, health);
  return tone === 'idle' ? 'stopped' : tone;
}

/** Entries written before health was recorded say it only in their reason ("unhealthy: …"). */
function healthOf(entry: HistoryEntry): Health {
  if (entry.health) return entry.health;
  if (entry.kind === 'health' && entry.reason.startsWith('unhealthy')) return 'unhealthy';
  return 'unknown';
}

interface Open {
  kind: SegmentKind;
  since: number;
  state: ServiceState | null;
  reason: string;
}

/** Segments covering [from, to), oldest first; `entries` may come in any order. */
export function availability(entries: readonly HistoryEntry[], window: { from: number; to: number }): Availability {
  const sorted = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.at - b.entry.at || a.index - b.index);
  const raw: Segment[] = [];
  let open: Open = { kind: 'unknown', since: -Infinity, state: null, reason: 'no history yet' };
  for (const { entry } of sorted) {
    if (entry.at >= window.to) break;
    const next: Open =
      entry.kind === 'engine' && entry.engine === 'stopped'
        ? { kind: 'offline', since: entry.at, state: null, reason: entry.reason }
        : { kind: kindOf(entry.to, healthOf(entry)), since: entry.at, state: entry.to, reason: entry.reason };
    // An entry that changes nothing drawn (a health check that stays healthy, a port change) does not cut the strip.
    if (next.kind === open.kind && next.state === open.state) continue;
    raw.push({ kind: open.kind, from: open.since, to: entry.at, state: open.state, reason: open.reason });
    open = next;
  }
  raw.push({ kind: open.kind, from: open.since, to: window.to, state: open.state, reason: open.reason });

  const segments: Segment[] = [];
  for (const segment of raw) {
    const from = Math.max(segment.from, window.from);
    const to = Math.min(segment.to, window.to);
    if (to <= from) continue;
    const last = segments[segments.length - 1];
    // Same colour, one segment: starting → running(unhealthy) is all "degraded"; keep the first reason.
    if (last && last.kind === segment.kind && last.to === from) last.to = to;
    else segments.push({ ...segment, from, to });
  }
  return { segments, uptime: uptimeOf(segments) };
}

function uptimeOf(segments: readonly Segment[]): number | null {
  let up = 0;
  let meant = 0;
  for (const s of segments) {
    const length = s.to - s.from;
    if (s.kind === 'up') up += length;
    if (s.kind === 'up' || s.kind === 'degraded' || s.kind === 'down') meant += length;
  }
  return meant === 0 ? null : up / meant;
}

/** "99.2%", "100%", "—": the figure beside the strip; rounded down, so a single miss never reads as 100%. */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return '—';
  if (uptime >= 1) return '100%';
  return `${(Math.floor(uptime * 1000) / 10).toFixed(1)}%`;
}

export const SEGMENT_WORDS: Record<SegmentKind, string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  stopped: 'Stopped',
  offline: 'Upkeep not running',
  unknown: 'No history',
};
