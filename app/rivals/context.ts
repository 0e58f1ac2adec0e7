/**
 * What every rival source gets for one detection run: the services to look
 * for, one snapshot of the process table, who Upkeep itself is (never a
 * rival), the seams, a deadline and a place for notes (a plist that does not
 * parse, a PM2_HOME that cannot be read): a note, never a crash.
 */
import { statSync } from 'node:fs';
import { canonicalCwd, mentionsCommand, runsCommand, type CommandSpec } from '../copies/same-command.ts';
import { ancestors, type ProcessEntry } from '../os/table.ts';
import type { Finding } from './finding.ts';
import type { RivalSeams } from './seams.ts';
import { shellCommands, type ShellCommand } from './shell-words.ts';

export interface RivalTarget extends CommandSpec {
  name: string;
  /** The service's port now (for an imported definition's port variable). */
  port: number | null;
}

export interface DetectContext {
  seams: RivalSeams;
  targets: readonly RivalTarget[];
  table: readonly ProcessEntry[];
  /** The engine, its ancestors (the terminal, tmux, the app) and the trees of the runs it owns: never rivals. */
  ownPids: ReadonlySet<number>;
  /** Copies of each target's command now running (top of each copy), by target name. */
  copies: ReadonlyMap<string, readonly ProcessEntry[]>;
  deadline: number;
  note(message: string): void;
}

/** One source of rivals (pm2, cron, …): returns its findings, notes what it could not read. */
export type RivalSource = (ctx: DetectContext) => Promise<Finding[]>;

/** A target with its canonical cwd, computed once per run. */
export function targetCwd(target: RivalTarget): string {
  return canonicalCwd(target.cwd);
}

/** The one question every source asks: do these words, run in `cwd`, start this service? */
export function startsTarget(words: readonly string[], cwd: string | null, target: RivalTarget): boolean {
  return mentionsCommand(words, cwd, target, targetCwd(target));
}

/** The same for a shell line: any simple command in it. */
export function shellStartsTarget(text: string, cwd: string | null, target: RivalTarget, home: string | null): ShellCommand | null {
  return shellCommands(text, cwd, home).find((command) => startsTarget(command.words, command.cwd, target)) ?? null;
}

/** Copies of `target` running now, top of each copy (a `sh -c` wrapper, not also its child). */
export function findCopies(table: readonly ProcessEntry[], target: RivalTarget, exclude: ReadonlySet<number>): ProcessEntry[] {
  const cwd = targetCwd(target);
  const copies = table.filter((entry) => !exclude.has(entry.pid) && runsCommand(entry, target, cwd));
  const pids = new Set(copies.map((entry) => entry.pid));
  return copies.filter((entry) => !ancestors(table, entry.pid).some((parent) => pids.has(parent.pid)));
}

/** The copy of `target` that is `pid` or runs below it, if any. */
export function copyUnder(ctx: DetectContext, target: RivalTarget, pid: number): ProcessEntry | null {
  for (const copy of ctx.copies.get(target.name) ?? []) {
    if (copy.pid === pid || ancestors(ctx.table, copy.pid).some((parent) => parent.pid === pid)) return copy;
  }
  return null;
}

export function scopeOfProcess(ctx: DetectContext, pid: number): Finding['scope'] {
  const uid = ctx.seams.processUid(pid);
  return uid !== null && uid === ctx.seams.uid ? 'user' : 'system';
}

/** The port variable a rival's definition sets (PORT first, then any *_PORT), for an import. */
/** A file's scope: the engine's user's own file is `user`; anyone else's, or a missing one, `system`. */
export function fileScope(ctx: DetectContext, file: string): Finding['scope'] {
  try {
    return statSync(file).uid === ctx.seams.uid ? 'user' : 'system';
  } catch {
    return 'system';
  }
}

export function portEnvOf(env: Record<string, string>): { port: number | null; portEnv: string | null } {
  for (const name of ['PORT', ...Object.keys(env).filter((key) => /PORT$/.test(key) && key !== 'PORT')]) {
    const value = env[name];
    if (value !== undefined && /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535) return { port: Number(value), portEnv: name };
  }
  return { port: null, portEnv: null };
}
