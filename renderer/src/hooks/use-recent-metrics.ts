/**
 * The last ten minutes of a service's CPU and memory, for the sparklines:
 * what the engine kept, then each new sample, asked for only while the
 * window is visible (a hidden window asks nothing, and the engine samples
 * nothing for it).
 */
import { useEffect, useState } from 'react';
import type { Bridge, MetricsSample } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { useVisible } from './use-visible.ts';

export const SPARK_WINDOW_MS = 10 * 60_000;

export interface RecentMetrics {
  samples: MetricsSample[];
  intervalMs: number;
}

export function useRecentMetrics(bridge: Bridge, name: string, connection: ConnectionState): RecentMetrics {
  const visible = useVisible();
  const [view, setView] = useState<RecentMetrics>({ samples: [], intervalMs: 2_000 });

  useEffect(() => {
    if (!visible || connection !== 'open') return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const poll = (): void => {
      bridge
        .recentUsage(last === 0 ? { name } : { name, since: last })
        .then((r) => {
          if (cancelled) return;
          const newest = r.samples[r.samples.length - 1];
          const fresh = last === 0;
          if (newest) last = newest.at;
          setView((current) => {
            const cutoff = Date.now() - SPARK_WINDOW_MS;
            const samples = (fresh ? r.samples : [...current.samples, ...r.samples]).filter((s) => s.at >= cutoff);
            return { samples, intervalMs: r.intervalMs };
          });
          timer = setTimeout(poll, r.intervalMs);
        })
        .catch(() => {
          if (!cancelled) timer = setTimeout(poll, 5_000);
        });
    };
    poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [bridge, name, visible, connection]);

  return view;
}
