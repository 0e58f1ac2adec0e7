/**
 * The JSON side of an http health check: conditions on dotted paths (all must
 * hold), and the body's top level flattened one level, so a person sees which
 * component of `{"components": {"ghost_runner": "down"}}` is the one that is down.
 */
import type { HealthCondition, JsonScalar } from '../api.ts';
import { showValue } from '../shared/health-text.ts';

export interface JsonFieldCheck {
  path: string;
  equals: JsonScalar;
}

const MISSING = Symbol('missing');

/** Walks `a.b.0.c` through objects and arrays. */
function lookup(value: unknown, dotted: string): unknown {
  let current: unknown = value;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return MISSING;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A scalar stays itself; an object or array becomes its (cut) JSON text. */
function scalar(value: unknown): JsonScalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return showValue(value);
}

/** The body as JSON, or MISSING when it is not JSON. */
export function parseBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return MISSING;
  }
}

export function isJson(parsed: unknown): boolean {
  return parsed !== MISSING;
}

export function evaluateConditions(parsed: unknown, checks: readonly JsonFieldCheck[]): HealthCondition[] {
  return checks.map((check) => {
    const actual = parsed === MISSING ? MISSING : lookup(parsed, check.path);
    if (actual === MISSING) return { path: check.path, expected: check.equals, actual: null, found: false, ok: false };
    return { path: check.path, expected: check.equals, actual: scalar(actual), found: true, ok: actual === check.equals };
  });
}

/** `{"a": {"b": 1}, "c": "x"}` → `{"a.b": 1, "c": "x"}`; anything deeper is shown as cut JSON text. */
export function flattenComponents(parsed: unknown, limit = 50): Record<string, JsonScalar> {
  const out: Record<string, JsonScalar> = {};
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  let count = 0;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const inner = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : null;
    for (const [name, leaf] of inner ?? [[null, value] as const]) {
      if (count++ >= limit) return out;
      out[name === null ? key : `${key}.${name}`] = scalar(leaf);
    }
  }
  return out;
}
