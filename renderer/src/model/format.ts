/** Short, human numbers for compact rows. */
import type { LastExit } from '../../../app/api.ts';

import { formatBytes as bytesOf } from '../../../app/shared/bytes.ts';
import { formatDuration as durationOf } from '../../../app/shared/duration.ts';

export function formatDuration(ms: number | null): string {
  return ms === null || ms < 0 ? '—' : durationOf(ms);
}

export function formatBytes(bytes: number | null): string {
  return bytes === null ? '—' : bytesOf(bytes);
}

export function formatCpu(cpu: number | null): string {
  if (cpu === null) return '—';
  return `${cpu < 10 ? cpu.toFixed(1) : Math.round(cpu)}%`;
}

export function formatExit(exit: LastExit | null): string {
  if (exit === null) return '—';
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === 0 ? 'exited cleanly' : `exit code ${exit.code ?? '?'}`;
}

export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatAgo(at: number, now = Date.now()): string {
  return `${formatDuration(now - at)} ago`;
}

/** "in 4s" for a scheduled relaunch. */
export function formatIn(at: number | null, now = Date.now()): string | null {
  if (at === null) return null;
  return at <= now ? 'now' : `in ${formatDuration(at - now + 999)}`;
}

/** "14:03" today, "Tue 14:03" within the week, for the strip's from and to. */
export function formatWhen(at: number, now = Date.now()): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return time;
  return `${date.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
}
