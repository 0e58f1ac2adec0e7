/**
 * Edits `autostart` / `autorestart` of one `[program:x]` section and nothing
 * else: every other byte of the file stays as it was. The undo puts back the
 * lines it replaced, and only where the line is still the one it wrote (a
 * person may have edited the file since).
 */

export interface KeyChange {
  key: string;
  /** The line as it was, or null when the key was absent (the line was added). */
  before: string | null;
  after: string;
}

interface SectionRange {
  /** Index of the `[program:x]` line. */
  header: number;
  /** Index one past the section's last line. */
  end: number;
}

function sectionRange(lines: readonly string[], program: string): SectionRange | null {
  const header = lines.findIndex((line) => line.trim() === `[program:${program}]`);
  if (header === -1) return null;
  let end = header + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end] as string)) end += 1;
  return { header, end };
}

function keyLine(lines: readonly string[], range: SectionRange, key: string): number {
  for (let i = range.header + 1; i < range.end; i += 1) {
    if (new RegExp(`^\\s*${key}\\s*=`).test(lines[i] as string)) return i;
  }
  return -1;
}

export function hasProgram(text: string, program: string): boolean {
  return sectionRange(text.split('\n'), program) !== null;
}

/** Sets each key to `false` in the program's section; returns the new text and what changed. */
export function turnOffKeys(text: string, program: string, keys: readonly string[]): { text: string; changes: KeyChange[] } {
  const lines = text.split('\n');
  const range = sectionRange(lines, program);
  if (!range) throw new Error(`no [program:${program}] section`);
  const eol = (lines[range.header] as string).endsWith('\r') ? '\r' : '';
  const changes: KeyChange[] = [];
  for (const key of keys) {
    const after = `${key}=false${eol}`;
    const at = keyLine(lines, range, key);
    if (at !== -1) {
      changes.push({ key, before: lines[at] as string, after });
      lines[at] = after;
      continue;
    }
    // After the section's last non-blank line, so a blank line before the next section stays.
    let insertAt = range.end;
    while (insertAt > range.header + 1 && (lines[insertAt - 1] as string).trim() === '') insertAt -= 1;
    lines.splice(insertAt, 0, after);
    range.end += 1;
    changes.push({ key, before: null, after });
  }
  return { text: lines.join('\n'), changes };
}

/** Puts back each change whose line is still the one written; returns the text and the keys it could not. */
export function putBackKeys(text: string, program: string, changes: readonly KeyChange[]): { text: string; skipped: string[] } {
  const lines = text.split('\n');
  const range = sectionRange(lines, program);
  if (!range) return { text, skipped: changes.map((change) => change.key) };
  const skipped: string[] = [];
  for (const change of changes) {
    const at = keyLine(lines, range, change.key);
    if (at === -1 || lines[at] !== change.after) {
      skipped.push(change.key);
      continue;
    }
    if (change.before === null) {
      lines.splice(at, 1);
      range.end -= 1;
    } else {
      lines[at] = change.before;
    }
  }
  return { text: lines.join('\n'), skipped };
}
