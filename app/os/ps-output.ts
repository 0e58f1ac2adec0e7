/**
 * Parsers for what `ps` prints, as Upkeep calls it on macOS (darwin.ts).
 *
 * BSD ps (macOS) and procps ps (Linux) differ in ways these parsers meet:
 * - procps takes the BSD forms (`ps eww -axo …`) only with PS_PERSONALITY=bsd
 *   and otherwise fails ("must set personality to get -x option"); run-tool.ts sets it.
 * - procps lists kernel threads, with the command `[kthreadd]`; macOS has none in the table.
 * - Both right-align the numeric columns and put one space before the command;
 *   with `=` after every column neither prints a header.
 * - `command` is one line in both: argv joined with spaces, so an argument
 *   that held a space comes back as two words.
 * - `e` appends the environment after the command, space-separated, in both
 *   (macOS only for our own processes); a value may itself hold spaces
 *   (`~/Library/Application Support/Upkeep`).
 * - `lstart` is `Wed Dec  2 17:03:46 2026` in both (macOS follows the locale);
 *   it is only ever compared with itself.
 */
import { displayCommand } from './command-line.ts';
import type { ProcessEntry } from './layer.ts';

const ROW = /^\s*(\d+)\s+(\d+)\s+(\d+)\s?(.*)$/;

/** Parses `ps -axo pid=,ppid=,pgid=,command=`. Lines that do not parse are skipped. */
export function parsePsTable(output: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of output.split('\n')) {
    const match = ROW.exec(line);
    if (!match) continue;
    const argv = (match[4] ?? '').trim().split(/\s+/).filter(Boolean);
    entries.push({ pid: Number(match[1]), ppid: Number(match[2]), pgid: Number(match[3]), argv, command: displayCommand(argv), cwd: null });
  }
  return entries;
}

/**
 * The `NAME=value` entries of a `ps e` command column: everything from the
 * first word shaped `NAME=` on, cut before each later word shaped `NAME=`,
 * so a value with spaces stays whole. (An argument shaped `NAME=value`
 * reads as an entry too; nothing tells the two apart in this output.)
 */
export function envEntries(commandColumn: string): string[] {
  const chunks = commandColumn.trim().split(/\s+(?=[A-Za-z_][A-Za-z0-9_]*=)/);
  return chunks.slice(1).filter((chunk) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(chunk));
}

export interface PsEnvRow {
  pid: number;
  ppid: number;
  pgid: number;
  env: string[];
}

/** Parses `ps eww -axo pid=,ppid=,pgid=,command=`, keeping the rows whose line contains `marker`. */
export function parsePsEnv(output: string, marker: string): PsEnvRow[] {
  const rows: PsEnvRow[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes(marker)) continue;
    const match = ROW.exec(line);
    if (!match) continue;
    rows.push({ pid: Number(match[1]), ppid: Number(match[2]), pgid: Number(match[3]), env: envEntries(match[4] ?? '') });
  }
  return rows;
}

/** Parses `ps -o stat=,lstart= -p PID`: the start time, or null for no process or a zombie. */
export function parseStatLstart(output: string): string | null {
  const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(output.split('\n')[0] ?? '');
  if (!match || (match[1] as string).startsWith('Z')) return null;
  return match[2] as string;
}
