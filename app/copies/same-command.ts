/**
 * Whether a process runs a service's command — the test behind duplicates and
 * "stale copy" port owners.
 *
 * "The same command" means: the same working directory (compared after
 * resolving symlinks, as the kernel reports it) and the same argv, where
 * - the program (argv[0]) matches by basename when either side is a bare name
 *   (`node` vs `/usr/local/bin/node`: the shell or spawn resolved it from
 *   PATH), and by resolved path when both are paths;
 * - `{port}` in the service's command matches any port number, so a copy
 *   started on the configured port and one on a reassigned port both count;
 * - a script started through its shebang shows up with the interpreter in
 *   front (`./server.py` → `/usr/bin/python3 [-u] ./server.py`), which counts;
 * - a `shell: true` service runs as `/bin/sh -c LINE` (LINE = the command
 *   joined with spaces), or, when the shell exec'd a simple LINE, as LINE's words;
 * - macOS `ps` loses argument boundaries, so argv split on whitespace also counts.
 * Everything else (other flags, other arguments, another cwd) is a different command.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ProcessEntry } from '../os/table.ts';

export interface CommandSpec {
  command: string[];
  cwd: string;
  shell?: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);
/** Characters that make a line more than one simple command: such a shell never exec's it. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}\n]/;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `{port}` in a spec argument matches any port number. */
function matchesArg(actual: string, expected: string): boolean {
  if (!expected.includes('{port}')) return actual === expected;
  const pattern = expected.split('{port}').map(escapeRegex).join('\\d{1,5}');
  return new RegExp(`^${pattern}$`).test(actual);
}

function sameProgram(actual: string, expected: string, cwd: string): boolean {
  if (matchesArg(actual, expected)) return true;
  if (!actual.includes('/') || !expected.includes('/')) return path.basename(actual) === path.basename(expected);
  return path.resolve(cwd, actual) === path.resolve(cwd, expected);
}

function exactArgv(argv: readonly string[], spec: readonly string[], cwd: string): boolean {
  if (argv.length !== spec.length || argv.length === 0) return false;
  if (!sameProgram(argv[0] as string, spec[0] as string, cwd)) return false;
  return argv.every((arg, i) => i === 0 || matchesArg(arg, spec[i] as string));
}

function words(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => arg.split(/\s+/)).filter(Boolean);
}

function argvMatches(argv: readonly string[], spec: readonly string[], cwd: string): boolean {
  if (exactArgv(argv, spec, cwd)) return true;
  // Shebang: the interpreter, maybe one option of it, then the script and its arguments.
  if (argv.length === spec.length + 1 && exactArgv(argv.slice(1), spec, cwd)) return true;
  if (argv.length === spec.length + 2 && argv[1]?.startsWith('-') && exactArgv(argv.slice(2), spec, cwd)) return true;
  const [argvWords, specWords] = [words(argv), words(spec)];
  return (argvWords.length !== argv.length || specWords.length !== spec.length) && exactArgv(argvWords, specWords, cwd);
}

function shellLineMatches(argv: readonly string[], line: string): boolean {
  return argv.length === 3 && SHELLS.has(path.basename(argv[0] as string)) && argv[1] === '-c' && matchesArg(argv[2] as string, line);
}

/** Resolves symlinks like the kernel does for a process's cwd; a missing directory stays as written. */
export function canonicalCwd(cwd: string): string {
  try {
    return realpathSync(cwd);
  } catch {
    return path.resolve(cwd);
  }
}

/** True when `entry` runs `spec`'s command in `cwd` (already canonical: see canonicalCwd). */
export function runsCommand(entry: ProcessEntry, spec: CommandSpec, cwd: string = canonicalCwd(spec.cwd)): boolean {
  // The kernel (and lsof) report a cwd with symlinks resolved, so a plain comparison is enough.
  if (entry.cwd !== cwd || entry.argv.length === 0) return false;
  if (!spec.shell) return argvMatches(entry.argv, spec.command, cwd);
  const line = spec.command.join(' ');
  if (shellLineMatches(entry.argv, line)) return true;
  return !SHELL_SYNTAX.test(line.replaceAll('{port}', '0')) && argvMatches(entry.argv, words([line]), cwd);
}
