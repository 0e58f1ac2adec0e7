/**
 * A command typed on one line ⇄ the argv the engine runs (no shell): spaces
 * split words, quotes keep them together, a backslash escapes the next
 * character — the familiar subset of POSIX shell words.
 */
export function splitCommandLine(line: string): { ok: true; argv: string[] } | { ok: false; message: string } {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, message: `unclosed ${quote} quote` };
  if (inWord) argv.push(word);
  return { ok: true, argv };
}

export function joinCommandLine(argv: readonly string[]): string {
  return argv.map((arg) => (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
