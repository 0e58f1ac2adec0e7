/** A value people type for a JSON field check: JSON when it parses to a scalar (`true`, `3`, `null`, `"x"`), otherwise the text itself. */
export function readJsonScalar(text: string): string | number | boolean | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  } catch {
    // not JSON: taken as the text
  }
  return text;
}

/** A health check's `json` is one check or several; both read as a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
