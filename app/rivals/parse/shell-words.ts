/**
 * Splits a command line into words the way a POSIX shell (and Python's
 * `shlex.split`, which supervisord uses) does for simple commands: quotes,
 * backslashes, whitespace. Anything a shell would have to run (pipes, `&&`,
 * `$VAR`, redirects) is reported, so a caller can keep the line as a shell
 * line instead of guessing its argv.
 */
export interface SplitCommand {
  words: string[];
  /** True when the line needs a shell: operators, expansions, redirects. */
  needsShell: boolean;
}

const OPERATORS = /[|&;<>()`]/;

export function splitCommand(line: string): SplitCommand {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let needsShell = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i] as string;
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error('unterminated single quote');
      current += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (char === '"') {
      i += 1;
      for (; i < line.length && line[i] !== '"'; i += 1) {
        const inner = line[i] as string;
        if (inner === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          i += 1;
          current += line[i];
        } else {
          if (inner === '$' || inner === '`') needsShell = true;
          current += inner;
        }
      }
      if (i >= line.length) throw new Error('unterminated double quote');
      inWord = true;
    } else if (char === '\\') {
      if (i + 1 < line.length) current += line[i + 1];
      i += 1;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      if (OPERATORS.test(char) || char === '$' || (char === '#' && !inWord)) needsShell = true;
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return { words, needsShell };
}
