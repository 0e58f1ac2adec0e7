/** Renders the rows as a Markdown table (readable in a terminal, pasteable into the README). */
import { LABELS, type SupervisorId } from '../supervisors/types.ts';
import type { Row } from './rows.ts';

const PEERS: SupervisorId[] = ['pm2', 'supervisord'];
const ALL: SupervisorId[] = ['upkeep', ...PEERS];

export interface Verdict {
  ratio: number | null;
  better: SupervisorId | null;
  met: boolean | null;
}

/** Upkeep against the better (lower) of the peers that ran, or against the one its target names. */
export function verdict(row: Row): Verdict {
  const upkeep = row.values.upkeep;
  if (row.compare === false) return { ratio: null, better: null, met: null };
  const named = row.target?.kind === 'ratio' ? row.target.peer : undefined;
  const peers = PEERS.filter((id) => named === undefined || id === named)
    .map((id) => [id, row.values[id]] as const)
    .filter((entry): entry is readonly [SupervisorId, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]));
  const best = peers.sort((a, b) => a[1] - b[1])[0];
  if (typeof upkeep !== 'number' || !Number.isFinite(upkeep)) return { ratio: null, better: best?.[0] ?? null, met: row.target ? false : null };
  if (row.target?.kind === 'zero') return { ratio: null, better: best?.[0] ?? null, met: upkeep === 0 };
  if (row.target?.kind === 'limit') {
    const ratio = best && best[1] > 0 ? upkeep / best[1] : null;
    return { ratio, better: best?.[0] ?? null, met: upkeep <= row.target.limit };
  }
  if (!best) return { ratio: null, better: null, met: null };
  const ratio = best[1] === 0 ? (upkeep === 0 ? 1 : Infinity) : upkeep / best[1];
  // Compared as upkeep ≤ factor × peer, so a peer at 0 is handled without dividing by it.
  const met = row.target?.kind === 'ratio' ? upkeep <= row.target.factor * best[1] : null;
  return { ratio, better: best[0], met };
}

function formatValue(value: number | string | undefined, unit: string): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Number.isInteger(value) ? 0 : unit === '×' || Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)}${unit && unit !== 'lines' ? ` ${unit}` : ''}`;
}

export function formatTable(rows: Row[], ran: SupervisorId[]): string {
  const header = ['Metric', ...ALL.map((id) => LABELS[id]), 'Upkeep / better peer', 'Target', 'Met?'];
  const body = rows.map((row) => {
    const v = verdict(row);
    const ratio = v.ratio === null ? '—' : `${Number.isFinite(v.ratio) ? v.ratio.toFixed(2) : '∞'}× (${LABELS[v.better as SupervisorId]})`;
    return [
      row.metric,
      ...ALL.map((id) => (ran.includes(id) ? formatValue(row.values[id], row.unit) : 'skipped')),
      ratio,
      row.target?.text ?? '',
      v.met === null ? '' : v.met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((_, col) => Math.max(...[header, ...body].map((line) => (line[col] as string).length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, col) => cell.padEnd(widths[col] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
