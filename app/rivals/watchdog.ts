/**
 * Watchdog scripts as rivals. A process is a watchdog of a service only on
 * evidence that it starts it:
 * - it is the nearest long-running, non-interactive ancestor of a copy
 *   (one-line `sh -c` wrappers, nohup and setsid are looked through;
 *   terminals, login and interactive shells, tmux, sshd, Upkeep itself and
 *   the engine's own ancestors end the search with no watchdog), or
 * - it is a shell or an interpreter whose command line (`bash -c 'while …'`)
 *   or script file (≤256 KB, regular files only) names the service's own
 *   script or program path. An interpreter's name alone never counts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInterpreter } from '../copies/same-command.ts';
import { ancestors, descendants, entryOf, type ProcessEntry } from '../os/table.ts';
import { processStartTime } from '../os/identity.ts';
import { readTextBounded } from './bounded-read.ts';
import { copyUnder, scopeOfProcess, shellStartsTarget, startsTarget, type DetectContext, type RivalSource, type RivalTarget } from './context.ts';
import type { Finding } from './finding.ts';
import { loops } from './shell-words.ts';

const SHELL = /^(sh|bash|dash|zsh|ash|ksh|fish)$/;
/** Where the search for a parent that started a copy ends: init, other supervisors (their own sources), sessions and terminals. */
const NEVER_WATCHDOGS = /^(init|systemd|launchd|cron|crond|anacron|supervisord|sshd|login|su|sudo|doas|tmux.*|screen|SCREEN|mosh-server|gnome-terminal.*|xterm|konsole|kitty|alacritty|wezterm.*|iTerm2|Terminal|tilix|terminator|foot|code|Code|electron|Electron|upkeep)$/;
const LAUNCHERS = new Set(['nohup', 'setsid', 'env', 'timeout', 'nice', 'ionice', 'stdbuf', 'chpst']);

interface Evidence {
  /** What starts it: the script file, or null for an inline `-c` line or a plain parent. */
  script: string | null;
  /** The words that start the service, and where they run. */
  words: string[];
  cwd: string | null;
  loops: boolean;
  how: string;
}

const base = (arg: string | undefined): string => path.basename(arg ?? '');

/**
 * One run's reads, kept for the run: every process is weighed against every
 * service, and twenty copies of `node server.js` name one script. Read and
 * split it once, not once per process and service (that cost hundreds of ms
 * a run with a few dozen copies in the table).
 */
interface Scan {
  ctx: DetectContext;
  script(file: string): string | null;
  words(text: string): string[];
  parentOf(entry: ProcessEntry): ProcessEntry | undefined;
}

function scanOf(ctx: DetectContext): Scan {
  const texts = new Map<string, string | null>();
  const words = new Map<string, string[]>();
  return {
    ctx,
    script(file) {
      if (!texts.has(file)) texts.set(file, readTextBounded(file));
      return texts.get(file) ?? null;
    },
    words(text) {
      let split = words.get(text);
      if (!split) words.set(text, (split = looseWords(text)));
      return split;
    },
    parentOf: (entry) => entryOf(ctx.table, entry.ppid),
  };
}

/** The script an interpreter or shell runs (its first non-option argument), absolute. */
function scriptOf(entry: ProcessEntry): string | null {
  for (let i = 1; i < entry.argv.length; i += 1) {
    const arg = entry.argv[i] as string;
    if (arg === '-c' || arg === '-m' || arg === '-e') return null;
    if (arg.startsWith('-')) continue;
    return path.resolve(entry.cwd ?? '/', arg);
  }
  return null;
}

function inlineText(entry: ProcessEntry): string | null {
  const c = entry.argv.indexOf('-c');
  return SHELL.test(base(entry.argv[0])) && c > 0 ? (entry.argv[c + 1] ?? null) : null;
}

/** Interactive: a login shell (`-bash`), a shell reading a terminal (no script, no -c), or a terminal's foreground job. */
function interactive(entry: ProcessEntry): boolean {
  const program = entry.argv[0] ?? '';
  if (program.startsWith('-')) return true;
  if (SHELL.test(base(program)) && inlineText(entry) === null && scriptOf(entry) === null) return true;
  return foregroundOfTerminal(entry.pid);
}

function foregroundOfTerminal(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [pgrp, tty, tpgid] = [Number(fields[2]), Number(fields[4]), Number(fields[5])];
    return tty !== 0 && tpgid === pgrp;
  } catch {
    return false;
  }
}

/** Words of a non-shell script (a Python or Node watchdog): anything path-like. */
function looseWords(text: string): string[] {
  return text.split(/[^\w./~+@:-]+/).filter(Boolean);
}

/** What in this process's command line or script starts `target`, if anything. */
function namesTarget(entry: ProcessEntry, target: RivalTarget, scan: Scan): Evidence | null {
  const { ctx } = scan;
  const program = base(entry.argv[0]);
  const cwd = entry.cwd;
  const inline = inlineText(entry);
  if (inline !== null) {
    const found = shellStartsTarget(inline, cwd, target, ctx.seams.home);
    return found ? { script: null, words: found.words, cwd: found.cwd, loops: loops(inline), how: `its command line (${clip(inline)})` } : null;
  }
  if (!SHELL.test(program) && !isInterpreter(program)) return null;
  const script = scriptOf(entry);
  if (script === null) return null;
  const text = scan.script(script);
  if (text === null) return null;
  if (SHELL.test(program) || /^#!.*\b(sh|bash|dash|zsh|ksh)\b/.test(text)) {
    const found = shellStartsTarget(text, cwd, target, ctx.seams.home);
    if (!found) return null;
    return { script, words: found.words, cwd: found.cwd, loops: loops(text), how: `its script ${script}` };
  }
  if (!startsTarget(scan.words(text), cwd, target)) return null;
  return { script, words: target.command, cwd, loops: true, how: `its script ${script}` };
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function isWrapper(entry: ProcessEntry): boolean {
  if (LAUNCHERS.has(base(entry.argv[0]))) return true;
  const inline = inlineText(entry);
  return inline !== null && !loops(inline);
}

/** A subshell (`cmd &`, `( … )`) is a fork with its parent's argv: the watchdog is the parent. */
function isSubshell(entry: ProcessEntry, scan: Scan): boolean {
  const parent = scan.parentOf(entry);
  return parent !== undefined && parent.argv.length === entry.argv.length && parent.argv.every((arg, i) => arg === entry.argv[i]);
}

/** The nearest ancestor of a copy that started it, on the first rule; null when the chain ends at a terminal, init or Upkeep. */
function startingAncestor(copy: ProcessEntry, scan: Scan): ProcessEntry | null {
  const { ctx } = scan;
  for (const parent of ancestors(ctx.table, copy.pid)) {
    if (ctx.ownPids.has(parent.pid) || parent.pid === 1) return null;
    const program = base(parent.argv[0]);
    if (NEVER_WATCHDOGS.test(program) || /God Daemon/.test(parent.command) || parent.argv.slice(0, 2).some((a) => base(a) === 'supervisord')) return null;
    if (interactive(parent)) return null;
    if (isWrapper(parent) || isSubshell(parent, scan)) continue;
    const script = SHELL.test(program) ? scriptOf(parent) : null;
    if (script !== null) {
      const text = scan.script(script);
      if (text !== null && !loops(text)) continue; // a start script that ran it once, not a watchdog
    }
    return parent;
  }
  return null;
}

function finding(watchdog: ProcessEntry, target: RivalTarget, evidence: Evidence, ctx: DetectContext): Finding {
  const copy = copyUnder(ctx, target, watchdog.pid);
  const scope = scopeOfProcess(ctx, watchdog.pid);
  const name = evidence.script ? path.basename(evidence.script) : base(watchdog.argv[0]) || 'watchdog';
  return {
    service: target.name,
    kind: 'watchdog',
    pid: watchdog.pid,
    copyPid: copy?.pid ?? null,
    evidence: `${name} (pid ${watchdog.pid}) starts it: ${evidence.how}${evidence.loops ? ', in a loop' : ''}${copy ? `; runs copy pid ${copy.pid}` : ''}`,
    respawns: evidence.loops,
    fix: `stop the watchdog (pid ${watchdog.pid}) and its process tree${evidence.script ? `; ${evidence.script} itself is left as it is` : ''}; Upkeep runs it instead`,
    scope,
    commands: scope === 'system' ? [`sudo kill ${watchdog.pid}`] : [],
    locator: { kind: 'watchdog', pid: watchdog.pid, startTime: processStartTime(watchdog.pid) ?? '', script: evidence.script },
    definition: { name: target.name, command: evidence.words, cwd: evidence.cwd, env: {}, port: null, portEnv: null, restart: evidence.loops ? 'always' : null },
  };
}

export const watchdogSource: RivalSource = async (ctx) => {
  const scan = scanOf(ctx);
  const findings = new Map<string, Finding>();
  const inCopies = new Set<number>();
  for (const copies of ctx.copies.values()) {
    for (const copy of copies) {
      inCopies.add(copy.pid);
      for (const child of descendants(ctx.table, copy.pid)) inCopies.add(child.pid);
    }
  }
  for (const target of ctx.targets) {
    // Rule 1: the parent that started a running copy.
    for (const copy of ctx.copies.get(target.name) ?? []) {
      const parent = startingAncestor(copy, scan);
      if (!parent) continue;
      const evidence = namesTarget(parent, target, scan) ?? {
        script: scriptOf(parent),
        words: copy.argv,
        cwd: copy.cwd,
        loops: loops(inlineText(parent) ?? ''),
        how: `it is the parent of copy pid ${copy.pid} (${clip(parent.command)})`,
      };
      findings.set(`${parent.pid}:${target.name}`, finding(parent, target, evidence, ctx));
    }
    // Rule 2: a shell or interpreter whose command line or script names the service.
    for (const entry of ctx.table) {
      if (inCopies.has(entry.pid) || ctx.ownPids.has(entry.pid) || findings.has(`${entry.pid}:${target.name}`)) continue;
      if (NEVER_WATCHDOGS.test(base(entry.argv[0])) || isSubshell(entry, scan)) continue;
      const evidence = namesTarget(entry, target, scan);
      if (evidence && !interactive(entry)) findings.set(`${entry.pid}:${target.name}`, finding(entry, target, evidence, ctx));
    }
  }
  return [...findings.values()];
};
