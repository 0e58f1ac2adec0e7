/**
 * What the takeover needs from each kind of rival, one module per kind in
 * retire/: the plan's steps, a check that it is still as found, the retiring
 * itself (returning what to record for the undo), and the undo.
 */
import type { DataPaths } from '../paths.ts';
import type { Finding, RivalKind, RivalLocator } from '../rivals/finding.ts';
import type { PlanStep } from './plan-types.ts';
import type { UndoEntry } from './record.ts';
import type { CommandRunner } from './run-command.ts';

export interface HandlerContext {
  paths: DataPaths;
  /** The Upkeep service the rival is retired for. */
  service: string;
  run: CommandRunner;
  /** The engine's environment: the tools' PATH. */
  env: NodeJS.ProcessEnv;
  /** Copies a file to the backups before it is edited; returns the copy's path. */
  backup(file: string): string;
  /** Keeps a text (a crontab) among the backups. */
  backupText(label: string, text: string): string;
  /** One line for the result, as each step happens. */
  say(line: string): void;
}

export type LocatorOf<K extends RivalKind> = Extract<RivalLocator, { kind: K }>;
export type UndoOf<K extends RivalKind> = Extract<UndoEntry, { kind: K }>;

export interface RivalHandler<K extends RivalKind> {
  kind: K;
  /** The steps retiring it takes: files and commands, exactly. */
  steps(locator: LocatorOf<K>, finding: Finding, ctx: HandlerContext): PlanStep[];
  /** Throws (ApiError 'conflict') when the rival is not as the finding says. Changes nothing. */
  check(locator: LocatorOf<K>, ctx: HandlerContext): Promise<void>;
  /** Retires it durably; returns what the undo needs. */
  retire(locator: LocatorOf<K>, ctx: HandlerContext): Promise<UndoOf<K>>;
  /** Reverses exactly what retire did; returns what it did, one line each. */
  undo(entry: UndoOf<K>, ctx: HandlerContext): Promise<string[]>;
  /** The undo's steps, for its plan. */
  undoSteps(entry: UndoOf<K>, ctx: HandlerContext): PlanStep[];
}
