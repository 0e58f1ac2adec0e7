/**
 * Samples as SVG paths: one run of lines per stretch without a gap, so time
 * the window was hidden (nothing sampled) or the service was down shows as
 * empty space, never as a line drawn across it.
 */
import type { MetricsSample } from '../../../app/api.ts';

export interface SparkBox {
  from: number;
  to: number;
  width: number;
  height: number;
  /** The value at the top edge. */
  max: number;
}

/** Samples further apart than this many intervals have a gap between them. */
const GAP_INTERVALS = 2.5;

export function splitAtGaps<T extends { at: number }>(samples: readonly T[], intervalMs: number): T[][] {
  const runs: T[][] = [];
  for (const sample of samples) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run && previous && sample.at - previous.at <= intervalMs * GAP_INTERVALS) run.push(sample);
    else runs.push([sample]);
  }
  return runs;
}

/** One `d` attribute per run; a lone sample is a short flat tick so it still shows. */
export function sparkPaths(samples: readonly MetricsSample[], pick: (s: MetricsSample) => number, intervalMs: number, box: SparkBox): string[] {
  const x = (at: number): number => ((at - box.from) / (box.to - box.from)) * box.width;
  const y = (value: number): number => box.height - (box.max <= 0 ? 0 : Math.min(1, value / box.max)) * (box.height - 2) - 1;
  return splitAtGaps(samples, intervalMs).map((run) => {
    const points = run.map((s) => `${x(s.at).toFixed(1)},${y(pick(s)).toFixed(1)}`);
    if (run.length === 1) return `M${points[0]} h1.5`;
    return `M${points.join(' L')}`;
  });
}

/** A top edge that leaves a little headroom: CPU at least 5 %, memory 10 % over its peak. */
export function niceMax(peak: number, floor: number): number {
  return Math.max(floor, peak * 1.1);
}
