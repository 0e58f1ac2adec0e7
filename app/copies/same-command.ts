/**
 * Whether a process runs a service's command — the test behind duplicates and
 * "stale copy" port owners.
 *
 * "The same command" means: the same working directory (compared after
 * resolving symlinks, as the kernel reports it) and the same argv, where
 * - the program (argv[0]) matches by basename when either side is a bare name
 *   (`node` vs `/usr/local/bin/node`: the shell or spawn resolved it from
 *   PATH), and by resolved path when both are paths;
 * - an argument that is a path matches the same path written another way
 *   (`/srv/app/ghost.py` for `ghost.py` in /srv/app);
 * - `{port}` in the service's command matches any port number, so a copy
 *   started on the configured port and one on a reassigned port both count;
 * - a script started through its shebang shows up with the interpreter in
 *   front (`./server.py` → `/usr/bin/python3 [-u] ./server.py`), which counts;
 * - a version manager's shim (pyenv, rbenv, nodenv, asdf) reaches the real
 *   program in stages, one exec each: `/usr/bin/env bash …/shims/python3
 *   ghost.py` (the shim's `#!/usr/bin/env bash`, until env execs bash),
 *   `bash …/shims/python3 ghost.py` (the shebang rule), `bash …/libexec/pyenv
 *   exec python3 ghost.py`, `bash …/libexec/pyenv-exec python3 ghost.py`
 *   (the longest: it works out the version), then python3 itself. Every
 *   stage counts: a copy seen at one stage is the same copy at the next;
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
  return argv.every((arg, i) => i === 0 || matchesArg(arg, spec[i] as string) || samePathArg(arg, spec[i] as string, cwd));
}

/** `/srv/app/ghost.py` and `ghost.py` in /srv/app are the same script (PM2 and others run it by its full path). */
function samePathArg(actual: string, expected: string, cwd: string): boolean {
  if (actual.startsWith('-') || expected.startsWith('-') || (!actual.includes('/') && !expected.includes('/'))) return false;
  return path.resolve(cwd, actual) === path.resolve(cwd, expected);
}

function words(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => arg.split(/\s+/)).filter(Boolean);
}

/** Version managers whose `exec` runs the program that follows it (see the header). */
const VERSION_MANAGERS = /^(pyenv|rbenv|nodenv|goenv|plenv|phpenv|jenv|asdf)$/;
/** The subcommand script `pyenv exec` execs into (`…/libexec/pyenv-exec`). */
const MANAGER_EXEC = /^(pyenv|rbenv|nodenv|goenv|plenv|phpenv|jenv|asdf)-exec$/;

/**
 * The command a version manager's exec stage runs, or null:
 * `[bash] …/pyenv exec python3 ghost.py` and `[bash] …/pyenv-exec python3 ghost.py` → `python3 ghost.py`.
 */
function execStageCommand(argv: readonly string[]): readonly string[] | null {
  for (let at = 0; at <= 1 && at < argv.length; at++) {
    const name = path.basename(argv[at] as string);
    if (VERSION_MANAGERS.test(name) && argv[at + 1] === 'exec' && argv.length > at + 2) return argv.slice(at + 2);
    if (MANAGER_EXEC.test(name) && argv.length > at + 1) return argv.slice(at + 1);
  }
  return null;
}

/** `env PROGRAM ARGS…` (a `#!/usr/bin/env` shebang before env execs PROGRAM) runs PROGRAM ARGS…; env with options or NAME=VALUE is left as it is. */
function withoutEnv(argv: readonly string[]): readonly string[] | null {
  const next = argv[1];
  return path.basename(argv[0] as string) === 'env' && next !== undefined && !next.startsWith('-') && !next.includes('=') ? argv.slice(1) : null;
}

function argvMatches(argv: readonly string[], spec: readonly string[], cwd: string): boolean {
  if (exactArgv(argv, spec, cwd)) return true;
  const afterEnv = withoutEnv(argv);
  if (afterEnv) return argvMatches(afterEnv, spec, cwd);
  const viaManager = execStageCommand(argv);
  if (viaManager && exactArgv(viaManager, spec, cwd)) return true;
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

/**
 * Interpreters and shells: their name alone never identifies a service (every
 * Python process runs `python3`); the script they run does.
 */
const INTERPRETER = /^(node|nodejs|deno|bun|tsx|ts-node|python[\d.]*|pypy[\d.]*|ruby|perl|php|lua|java|Rscript|sh|bash|dash|zsh|ash|ksh|fish)$/;

export function isInterpreter(program: string): boolean {
  return INTERPRETER.test(path.basename(program));
}

function serviceWords(spec: CommandSpec): string[] {
  return spec.shell ? words([spec.command.join(' ')]) : [...spec.command];
}

/**
 * The service's own script or program, as absolute paths: `python3 ghost.py`
 * in /srv/app → /srv/app/ghost.py; `./run.sh` → /srv/app/run.sh. A bare
 * program found on PATH (`gunicorn app:app`) has none: it is recognised by
 * its whole command instead (see mentionsCommand).
 */
export function ownPaths(spec: CommandSpec, cwd: string = canonicalCwd(spec.cwd)): string[] {
  const argv = serviceWords(spec);
  const program = argv[0];
  if (program === undefined) return [];
  if (!isInterpreter(program)) return program.includes('/') ? [path.resolve(cwd, program)] : [];
  // The first argument that is not an option is the script; `-m module` / `-c code` / `-e code` name none.
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '-m' || arg === '-c' || arg === '-e' || arg === '--eval') return [];
    if (arg.startsWith('-')) continue;
    return [path.resolve(cwd, arg)];
  }
  return [];
}

function samePath(candidate: string, own: readonly string[]): boolean {
  const normal = path.normalize(candidate);
  if (own.includes(normal)) return true;
  // A path written through a symlink (a cron line, a unit file) names the same file.
  if (!own.some((file) => path.basename(file) === path.basename(normal))) return false;
  return own.includes(path.join(canonicalCwd(path.dirname(normal)), path.basename(normal)));
}

/** `gunicorn app:app` somewhere in `found`, the program matched by name, in the service's cwd. */
function containsCommand(found: readonly string[], argv: readonly string[], cwd: string): boolean {
  const [program, ...args] = argv;
  if (program === undefined) return false;
  for (let i = 0; i + args.length < found.length; i += 1) {
    if (!sameProgram(found[i] as string, program, cwd)) continue;
    if (args.every((arg, k) => matchesArg(found[i + 1 + k] as string, arg))) return true;
  }
  return false;
}

/**
 * True when these words (an argv, a cron line's command, an ExecStart, a
 * watchdog's script, split into words; `cwd` is where they run, null when
 * unknown) name the service: its own script or program path, or, for a bare
 * program, its whole command in the same directory. An interpreter's name
 * alone never counts. Every rival source asks this one question.
 */
export function mentionsCommand(found: readonly string[], foundCwd: string | null, spec: CommandSpec, cwd: string = canonicalCwd(spec.cwd)): boolean {
  const own = ownPaths(spec, cwd);
  for (const word of found) {
    if (word === '' || (!path.isAbsolute(word) && foundCwd === null)) continue;
    if (own.length > 0 && samePath(path.resolve(foundCwd ?? '/', word), own)) return true;
  }
  const argv = serviceWords(spec);
  if (own.length > 0 || foundCwd === null || canonicalCwd(foundCwd) !== cwd) return false;
  return containsCommand(found, argv, cwd);
}
