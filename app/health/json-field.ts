/** The optional JSON field check of an http health check: a dotted path and the value it must hold. */

export interface JsonFieldCheck {
  path: string;
  equals: string | number | boolean | null;
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

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks a response body; the detail names the field and both values. */
export function checkJsonField(body: string, check: JsonFieldCheck): { ok: boolean; detail: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, detail: 'body is not JSON' };
  }
  const actual = lookup(parsed, check.path);
  if (actual === MISSING) return { ok: false, detail: `${check.path} is missing, expected ${show(check.equals)}` };
  if (actual !== check.equals) return { ok: false, detail: `${check.path} is ${show(actual)}, expected ${show(check.equals)}` };
  return { ok: true, detail: `${check.path} is ${show(actual)}` };
}

/** Every check must hold; the detail is the first failure, or all the fields that held. */
export function checkJsonFields(body: string, checks: JsonFieldCheck[]): { ok: boolean; detail: string } {
  const details: string[] = [];
  for (const check of checks) {
    const result = checkJsonField(body, check);
    if (!result.ok) return result;
    details.push(result.detail);
  }
  return { ok: true, detail: details.join(', ') };
}
