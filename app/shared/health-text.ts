/**
 * The words for what a health check found, written once: the engine's one
 * line, `upkeep status NAME`, the window and the notifications all name the
 * failing component the same way ("components.ghost_runner is \"down\"").
 */
import type { HealthCondition, HealthDetail, JsonScalar } from '../api.ts';

/** A value longer than this is cut wherever it is shown. */
export const SHOWN_CHARS = 60;

/** Component values that read as "this part is down" when no condition names it. */
const FAILING_VALUE = /^(down|dead|fail|failed|failing|failure|error|errored|unhealthy|critical|degraded|stopped|unreachable|ko|not[ _-]?ok)$/i;

export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 3)}...` : text;
}

/** `components.ghost_runner is "down", expected "up"`. */
export function describeCondition(condition: HealthCondition): string {
  if (!condition.found) return `${condition.path} is missing, expected ${showValue(condition.expected)}`;
  if (!condition.ok) return `${condition.path} is ${showValue(condition.actual)}, expected ${showValue(condition.expected)}`;
  return `${condition.path} is ${showValue(condition.actual)}`;
}

/** Components that look down (false, "down", "error", …): `components.ghost_runner is "down"`. */
export function failingComponents(components: Record<string, JsonScalar>): string[] {
  return Object.entries(components)
    .filter(([, value]) => value === false || (typeof value === 'string' && FAILING_VALUE.test(value.trim())))
    .map(([key, value]) => `${key} is ${showValue(value)}`);
}

/** What failed: the conditions that did not hold, else the components that look down. */
export function failingParts(detail: HealthDetail): string[] {
  if (detail.ok) return [];
  const failed = detail.conditions.filter((c) => !c.ok).map(describeCondition);
  return failed.length > 0 ? failed : failingComponents(detail.components);
}

/** For a notification or a tooltip: the failing parts (at most three), else the check's own line. */
export function failingText(detail: HealthDetail | null): string | null {
  if (!detail || detail.ok) return null;
  const parts = failingParts(detail);
  if (parts.length === 0) return detail.summary;
  const shown = parts.slice(0, 3).join('; ');
  return parts.length > 3 ? `${shown} (+${parts.length - 3} more)` : shown;
}
