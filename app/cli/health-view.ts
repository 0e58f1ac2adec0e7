/** `upkeep status NAME`'s health section: what the last check saw, which condition or component failed. */
import type { HealthDetail, ServiceStatus } from '../api.ts';
import { describeCondition, failingParts, showValue } from '../shared/health-text.ts';
import { formatDuration, formatTable, type Palette } from './output.ts';

/** The body is shown on one line, this long at most (status --json has the whole 2 KB excerpt). */
const BODY_SHOWN_CHARS = 160;

export function formatHealthDetail(service: ServiceStatus, palette: Palette, now = Date.now()): string[] {
  if (!service.spec.health) return ['health: no check defined'];
  const detail = service.healthDetail;
  if (!detail) return [`health: ${service.spec.health.kind} check, not run yet in this run`];
  const verdict = detail.ok ? palette.green('passing') : palette.yellow('failing');
  const facts = [
    detail.httpStatus === null ? null : `HTTP ${detail.httpStatus}`,
    detail.latencyMs === null ? null : `${detail.latencyMs} ms`,
    `checked ${formatDuration(Math.max(0, now - detail.at))} ago`,
  ].filter((fact) => fact !== null);
  const lines = [`health: ${verdict}: ${detail.summary}`, palette.dim(`  ${facts.join(' · ')}`)];
  const failing = failingParts(detail);
  if (failing.length > 0) lines.push(`  failing: ${palette.red(failing.join('; '))}`);
  if (detail.conditions.length > 0) {
    lines.push('  conditions:');
    for (const condition of detail.conditions) {
      lines.push(`    ${condition.ok ? palette.green('ok  ') : palette.red('FAIL')} ${describeCondition(condition)}`);
    }
  }
  lines.push(...componentLines(detail, palette));
  if (detail.body !== null && detail.body !== '') {
    const oneLine = detail.body.replace(/\s+/g, ' ').trim();
    lines.push(`  body: ${oneLine.length > BODY_SHOWN_CHARS ? `${oneLine.slice(0, BODY_SHOWN_CHARS - 3)}...` : oneLine}`);
  }
  return lines;
}

function componentLines(detail: HealthDetail, palette: Palette): string[] {
  const entries = Object.entries(detail.components);
  if (entries.length === 0) return [];
  const looksDown = new Set(failingParts({ ...detail, ok: false, conditions: [] }));
  const rows = entries.map(([key, value]) => {
    const down = looksDown.has(`${key} is ${showValue(value)}`);
    return [{ text: key }, { text: showValue(value), paint: down ? palette.red : undefined }];
  });
  return ['  components:', ...formatTable(['COMPONENT', 'VALUE'], rows, palette).map((line) => `    ${line}`)];
}
