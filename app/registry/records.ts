/**
 * run/<name>.json: one record per running service, so that the state survives
 * the engine (adoption) and the CLI can tell the truth without one. Written
 * atomically (temp file + rename, never a torn record).
 */
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { writeByRename } from './write-by-rename.ts';
import { z } from '../zod.ts';
import { SERVICE_NAME_PATTERN } from '../config/schema.ts';
import { isSameProcess } from '../os/identity.ts';
import type { DataPaths } from '../paths.ts';

export const RunRecord = z.object({
  name: z.string().regex(SERVICE_NAME_PATTERN),
  pid: z.number().int().positive(),
  startTime: z.string().min(1),
  pgid: z.number().int(),
  port: z.number().int().nullable(),
  logPath: z.string(),
  command: z.array(z.string()),
  cwd: z.string(),
  startedAt: z.number(),
  /** Also set in the service's environment (UPKEEP_RUN_ID), so escaped descendants can be found. */
  runId: z.string(),
  // Counters and the last exit are run state (registry/run-state.ts): they outlive the run.
});
export type RunRecord = z.infer<typeof RunRecord>;

export function writeRecord(paths: DataPaths, record: RunRecord): void {
  writeByRename(paths.record(record.name), `${JSON.stringify(record, null, 2)}\n`);
}

/** One unlink (rmSync would stat the file twice first): each exit of a crash loop removes a record. */
export function removeRecord(paths: DataPaths, name: string): void {
  try {
    unlinkSync(paths.record(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export interface RecordRead {
  records: RunRecord[];
  /** Files that could not be read or parsed: ignored, named so a person can look. */
  warnings: string[];
}

/** Every parseable record, unverified. */
export function readRecords(paths: DataPaths): RecordRead {
  const records: RunRecord[] = [];
  const warnings: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(paths.runDir);
  } catch {
    return { records, warnings };
  }
  for (const entry of entries.filter((e) => e.endsWith('.json')).sort()) {
    const file = path.join(paths.runDir, entry);
    try {
      const parsed = RunRecord.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        warnings.push(`${file}: not a valid run record (${parsed.error.issues[0]?.message ?? 'invalid'}); ignored`);
      } else if (`${parsed.data.name}.json` !== entry) {
        warnings.push(`${file}: names service "${parsed.data.name}"; ignored`);
      } else {
        records.push(parsed.data);
      }
    } catch (error) {
      warnings.push(`${file}: ${(error as Error).message}; ignored`);
    }
  }
  return { records, warnings };
}

/** Only records whose pid still has the recorded start time: a reused pid is not ours. */
export function readVerifiedRecords(paths: DataPaths): RunRecord[] {
  return readRecords(paths).records.filter((record) => isSameProcess(record.pid, record.startTime));
}
