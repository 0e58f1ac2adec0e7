/**
 * The tray tooltip: one line that answers "is anything wrong, and what?"
 * ("runner down: port 5555 taken"). Windows cuts tooltips at 127 characters.
 */
import type { ListResult, ServiceStatus } from '../app/api.ts';
import { conditionOf, isDown, stateLabel, troubleText } from './service-condition.ts';

const MAX_TOOLTIP = 127;

export function traySummary(list: ListResult): string {
  const { services } = list;
  const down = services.filter(isDown);
  const busy = services.filter((s) => conditionOf(s) === 'busy');
  const ok = services.filter((s) => conditionOf(s) === 'ok');
  let line: string;
  if (down.length > 0) {
    line = withMore(describe(down[0]!), down.length - 1, 'down');
  } else if (busy.length > 0) {
    line = withMore(`${busy[0]!.name} ${stateLabel(busy[0]!)}`, busy.length - 1, 'not ready');
  } else if (ok.length > 0) {
    line = `Upkeep: ${ok.length === 1 ? `${ok[0]!.name} up` : `all ${ok.length} services up`}`;
  } else {
    line = services.length === 0 ? 'Upkeep: no services yet' : 'Upkeep: nothing running';
  }
  if (list.engine.configError) line += ' · config.json has an error';
  return line.length > MAX_TOOLTIP ? `${line.slice(0, MAX_TOOLTIP - 1)}…` : line;
}

function describe(status: ServiceStatus): string {
  const why = troubleText(status);
  return why ? `${status.name} down: ${why}` : `${status.name} down`;
}

const withMore = (line: string, more: number, what: string) => (more > 0 ? `${line} (+${more} more ${what})` : line);
