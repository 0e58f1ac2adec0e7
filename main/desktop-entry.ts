/**
 * Writes freedesktop.org Desktop Entry files (the XDG autostart entry on
 * Linux). The Exec key has two layers of escaping, applied in this order when
 * read back: first the key-file string escapes (`\\`, `\n`, …), then the Exec
 * quoting rules. So an argument is quoted for Exec first, and the whole line
 * is string-escaped second — which is why a backslash in a path ends up as four.
 * https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
 */

/** Characters that force an Exec argument into double quotes (the spec's reserved list). */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** Quotes one argument by the Exec rules; `%` is doubled so it is never a field code. */
export function quoteExecArg(arg: string): string {
  const percent = arg.replaceAll('%', '%%');
  if (percent !== '' && !RESERVED.test(percent)) return percent;
  // Inside double quotes, " ` $ and \ are escaped with a backslash.
  return `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/** The key-file escapes for a string value (applied after Exec quoting). */
export function escapeValue(value: string): string {
  return value.replace(/[\\\n\t\r]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c]!).replace(/^ /, '\\s');
}

export function execValue(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('Exec needs a program');
  return escapeValue(argv.map(quoteExecArg).join(' '));
}

export interface DesktopEntry {
  name: string;
  comment: string;
  exec: readonly string[];
  icon?: string;
  /** Extra keys, such as X-GNOME-Autostart-enabled. */
  extra?: Record<string, string>;
}

export function desktopEntry(entry: DesktopEntry): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${escapeValue(entry.name)}`,
    `Comment=${escapeValue(entry.comment)}`,
    `Exec=${execValue(entry.exec)}`,
    ...(entry.icon ? [`Icon=${escapeValue(entry.icon)}`] : []),
    'Terminal=false',
    ...Object.entries(entry.extra ?? {}).map(([key, value]) => `${key}=${escapeValue(value)}`),
  ];
  return `${lines.join('\n')}\n`;
}
