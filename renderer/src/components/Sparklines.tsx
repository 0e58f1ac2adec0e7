/**
 * CPU and memory of the service's whole process tree over the last ten
 * minutes. Sampled only while the window is visible; the gaps are the
 * times it was not (or the service was not running).
 */
import type { Bridge, MetricsSample } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { SPARK_WINDOW_MS, useRecentMetrics } from '../hooks/use-recent-metrics.ts';
import { useNow } from '../hooks/use-now.ts';
import { niceMax, sparkPaths } from '../model/sparkline.ts';
import { formatBytes, formatCpu } from '../model/format.ts';

const WIDTH = 300;
const HEIGHT = 40;

function Spark({ title, samples, pick, floor, format, intervalMs, now }: {
  title: string;
  samples: MetricsSample[];
  pick(s: MetricsSample): number;
  floor: number;
  format(value: number): string;
  intervalMs: number;
  now: number;
}) {
  const values = samples.map(pick);
  const peak = values.length > 0 ? Math.max(...values) : 0;
  const latest = values[values.length - 1];
  const box = { from: now - SPARK_WINDOW_MS, to: now, width: WIDTH, height: HEIGHT, max: niceMax(peak, floor) };
  const paths = sparkPaths(samples, pick, intervalMs, box);
  const summary = latest === undefined ? 'no samples yet' : `now ${format(latest)}, peak ${format(peak)}`;
  return (
    <figure className="spark" data-metric={title.toLowerCase()}>
      <figcaption>
        <span>{title}</span>
        <span className="spark-value">{latest === undefined ? '—' : format(latest)}</span>
        {latest === undefined ? null : <span className="muted">peak {format(peak)}</span>}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${title} over the last 10 minutes: ${summary}`}>
        <line className="spark-base" x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        {paths.map((d, i) => (
          <path key={i} d={d} className="spark-line" vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
    </figure>
  );
}

export function Sparklines({ name, bridge, connection }: { name: string; bridge: Bridge; connection: ConnectionState }) {
  const { samples, intervalMs } = useRecentMetrics(bridge, name, connection);
  const now = useNow(intervalMs);
  return (
    <section className="glance sparklines" aria-labelledby={`${name}-sparklines`}>
      <header className="glance-head">
        <h3 id={`${name}-sparklines`}>Last 10 minutes</h3>
        <span className="muted small">whole process tree</span>
      </header>
      <div className="sparks">
        <Spark title="CPU" samples={samples} pick={(s) => s.cpu} floor={5} format={(v) => formatCpu(v)} intervalMs={intervalMs} now={now} />
        <Spark title="Memory" samples={samples} pick={(s) => s.memory} floor={1024 * 1024} format={(v) => formatBytes(v)} intervalMs={intervalMs} now={now} />
      </div>
      <p className="muted small">Sampled only while this window is open; gaps are the times it was not.</p>
    </section>
  );
}
