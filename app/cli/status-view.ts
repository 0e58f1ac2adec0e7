/** `upkeep status` for people: the aggregate first, then one aligned row per service. */
import type { Aggregate, ServiceStatus, Problem, LastExit } from '../api.ts';
import { portConflictText } from '../shared/port-owner.ts';
import { describeRival } from '../shared/rival-text.ts';
import { toneOf, type Tone } from '../shared/tone.ts';
import { stateText } from '../shared/waiting-text.ts';
import { formatDuration, formatTable, type Cell, type Palette, type Paint } from './output.ts';

const HEADER = ['NAME', 'STATE', 'HEALTH', 'PID', 'PORT', 'UPTIME', 'RESTARTS', 'RUNS', 'LAST EXIT', 'PROBLEM'];

export function formatStatus(
  view: { aggregate: Aggregate; services: ServiceStatus[]; source: string },
  palette: Palette,
  now = Date.now(),
): string[] {
  const toneColour = (tone: Tone): Paint =>
    tone === 'up' ? palette.green : tone === 'down' ? palette.red : tone === 'degraded' ? palette.yellow : palette.dim;
  const count = view.services.length;
  const summary = `${palette.bold(toneColour(view.aggregate)(view.aggregate))}  ${count} service${count === 1 ? '' : 's'} · ${view.source}`;
  if (count === 0) return [summary, 'no services yet: add one with "upkeep add NAME -- COMMAND"'];
  const rows = view.services.map((service): Cell[] => {
    const tone = toneOf(service.state, service.health);
    return [
      { text: service.name, paint: palette.bold },
      { text: stateText(service), paint: toneColour(tone) },
      { text: service.health === 'unknown' ? '-' : service.health, paint: service.health === 'unhealthy' ? palette.yellow : undefined },
      { text: service.pid === null ? '-' : String(service.pid) },
      { text: portText(service) },
      { text: service.uptimeMs === null ? '-' : formatDuration(service.uptimeMs) },
      { text: String(service.restarts) },
      { text: String(service.runs) },
      { text: lastExitText(service.lastExit, now) },
      { text: problemText(service), paint: palette.red },
    ];
  });
  return [summary, '', ...formatTable(HEADER, rows, palette)];
}

function portText(service: ServiceStatus): string {
  if (service.port === null) return service.configuredPort === null ? '-' : String(service.configuredPort);
  if (service.configuredPort !== null && service.configuredPort !== service.port) {
    return `${service.port} (set ${service.configuredPort})`;
  }
  return String(service.port);
}

function lastExitText(exit: LastExit | null, now: number): string {
  if (exit === null) return '-';
  const how = exit.signal ?? `code ${exit.code ?? '?'}`;
  return `${how}, ${formatDuration(now - exit.at)} ago`;
}

/** What is wrong, in a few words; for a service that is down without a named problem, the reason it is down. */
export function problemText(service: ServiceStatus): string {
  if (service.problem) return describeProblem(service.problem);
  if (toneOf(service.state, service.health) === 'down') return service.reason;
  if (service.duplicates.length > 0) return `${service.duplicates.length} stray cop${service.duplicates.length === 1 ? 'y' : 'ies'} running`;
  return '';
}

function describeProblem(problem: Problem): string {
  switch (problem.kind) {
    case 'port-conflict': {
      const next = problem.nextFreePort === null ? '' : `; ${problem.nextFreePort} is free`;
      return `${portConflictText(problem)}${next}`;
    }
    case 'too-many-processes':
      return `${problem.processes} processes (limit ${problem.limit})`;
    case 'rival':
      return describeRival(problem.finding);
    default:
      return problem.message;
  }
}
