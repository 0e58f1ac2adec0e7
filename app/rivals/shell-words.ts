/**
 * A shell line (a cron command, `bash -c '…'`, a watchdog script) as the
 * words of each simple command and the directory it runs in, which is all
 * "does this start the service" needs: `cd /srv/app && python3 ghost.py`
 * runs ghost.py in /srv/app. Not a shell: quotes and separators are honoured,
 * expansions are left as written.
 */
import path from 'node:path';

export interface ShellCommand {
  words: string[];
  /** Where it runs (after `cd`s before it), or null when that is unknown. */
  cwd: string | null;
}

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '{', '}', '`']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', '!', 'exec', 'nohup', 'setsid', 'sudo', 'env']);

/**
 * Splits into simple commands (split at ; & | newlines, subshells,
 * backticks), each a list of unquoted words, redirections left out. With
 * `separate` false, the whole text is one list of words (a unit file's
 * ExecStart, where `;` is just a character).
 */
function simpleCommands(text: string, separate = true): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) current.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (current.length > 0) commands.push(current);
    current = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      const end = close === -1 ? text.length : close;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      inWord = true;
      i += 1;
    } else if (c === '#' && !inWord) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol - 1;
    } else if (separate && c === '$' && text[i + 1] === '(') {
      endCommand();
      i += 1;
    } else if (separate && /[<>]/.test(c) && !inWord) {
      // A redirection (`>> log`, `2>&1`, `<in`): skip the operator and its target.
      const op = /^[<>]+&?\d*-?\s*/.exec(text.slice(i))?.[0] ?? c;
      i += op.length;
      if (!/&\d*-?\s*$/.test(op)) {
        while (i < text.length && !/[\s;&|()]/.test(text[i] as string)) i += 1;
      }
      i -= 1;
    } else if (separate && /\d/.test(c) && !inWord && /^\d+[<>]/.test(text.slice(i))) {
      // The fd number of a redirection (`2>`): the operator follows.
    } else if (separate && SEPARATORS.has(c)) {
      endCommand();
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/**
 * Each simple command with the directory it runs in. Quoted words are split
 * on spaces too, so `pgrep -f "python3 ghost.py"` still shows `ghost.py`.
 */
export function shellCommands(text: string, startCwd: string | null, home: string | null = null): ShellCommand[] {
  let cwd = startCwd;
  const found: ShellCommand[] = [];
  for (const raw of simpleCommands(text)) {
    const words = raw.flatMap((w) => w.split(/\s+/)).filter(Boolean);
    // Assignments (`PORT=5555 python3 …`) and keywords before the command word.
    while (words.length > 0 && (KEYWORDS.has(words[0] as string) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string))) words.shift();
    if (words[0] === 'cd') {
      const target = words[1];
      if (target === undefined || target === '~') cwd = home;
      else if (target.startsWith('~/')) cwd = home === null ? null : path.join(home, target.slice(2));
      else if (target.includes('$')) cwd = null;
      else cwd = path.isAbsolute(target) ? target : cwd === null ? null : path.resolve(cwd, target);
      continue;
    }
    if (words.length > 0) found.push({ words, cwd });
  }
  return found;
}

/** The words of a line that is not a shell command line (ExecStart, Environment=): quotes honoured, nothing split off. */
export function splitWords(text: string): string[] {
  return simpleCommands(text, false).flat();
}

/** True when the text loops (`while`, `until`, `for`): a watchdog that will start it again. */
export function loops(text: string): boolean {
  return /(^|[\s;&|(])(while|until|for)\s/.test(text);
}
