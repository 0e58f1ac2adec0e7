/**
 * One detection run: one snapshot of the process table, every source in
 * turn, a time bound for the whole run. A source that fails or runs out of
 * time leaves a note; the others still report.
 */
import { listProcesses, ancestors, descendants, type ProcessEntry } from '../os/table.ts';
import { findCopies, type DetectContext, type RivalSource, type RivalTarget } from './context.ts';
import { cronSource } from './cron.ts';
import { Finding } from './finding.ts';
import { launchdSource } from './launchd.ts';
import { pm2Source } from './pm2.ts';
import type { RivalSeams } from './seams.ts';
import { supervisordSource } from './supervisord.ts';
import { systemdSource } from './systemd.ts';
import { watchdogSource } from './watchdog.ts';

export const DETECT_TIMEOUT_MS = 8_000;

const SOURCES: Array<[string, RivalSource]> = [
  ['pm2', pm2Source],
  ['supervisord', supervisordSource],
  ['systemd', systemdSource],
  ['launchd', launchdSource],
  ['cron', cronSource],
  ['watchdog', watchdogSource],
];

export interface DetectOptions {
  seams: RivalSeams;
  targets: readonly RivalTarget[];
  /** Pids of the runs Upkeep owns (their trees are Upkeep's, never a rival's or a copy). */
  ownedRuns: readonly number[];
  /** A snapshot with cwds, when the caller has one already. */
  table?: readonly ProcessEntry[];
  timeoutMs?: number;
  /** The engine's own pid (tests run detection for an engine in another process). */
  enginePid?: number;
}

export interface Detection {
  findings: Finding[];
  notes: string[];
  /** The snapshot it used, and the copies it found per service. */
  table: readonly ProcessEntry[];
  copies: ReadonlyMap<string, readonly ProcessEntry[]>;
  tookMs: number;
}

export async function detectRivals(options: DetectOptions): Promise<Detection> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DETECT_TIMEOUT_MS);
  const table = options.table ?? (await listProcesses());
  const enginePid = options.enginePid ?? process.pid;
  const ownPids = new Set<number>([enginePid, ...ancestors(table, enginePid).map((e) => e.pid)]);
  for (const pid of options.ownedRuns) {
    ownPids.add(pid);
    for (const entry of descendants(table, pid)) ownPids.add(entry.pid);
  }
  const copies = new Map(options.targets.map((target) => [target.name, findCopies(table, target, ownPids)]));
  const notes: string[] = [];
  const ctx: DetectContext = { seams: options.seams, targets: options.targets, table, ownPids, copies, deadline, note: (m) => notes.push(m) };
  const findings: Finding[] = [];
  for (const [name, source] of SOURCES) {
    const left = deadline - Date.now();
    if (left <= 0) {
      notes.push(`rival detection stopped at its ${options.timeoutMs ?? DETECT_TIMEOUT_MS} ms bound before ${name}`);
      break;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        source(ctx),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within the detection bound`)), left);
        }),
      ]);
      for (const finding of found) {
        // One schema owns the shape: a source that builds a bad finding is a bug, said so, not sent.
        const checked = Finding.safeParse(finding);
        if (checked.success) findings.push(checked.data);
        else notes.push(`${name}: dropped a malformed finding (${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message})`);
      }
    } catch (error) {
      notes.push(`${name}: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return { findings, notes, table, copies, tookMs: Date.now() - started };
}
