/**
 * takeovers/<name>.json: exactly what a takeover changed, written (mode
 * 0600) as each change is made, so that `--undo` reverses those changes and
 * nothing else, even after a takeover that stopped half way.
 */
import { readFileSync, rmSync } from 'node:fs';
import { writeByRename } from '../registry/write-by-rename.ts';
import { z } from '../zod.ts';
import { ServiceSpec } from '../config/schema.ts';
import type { DataPaths } from '../paths.ts';

export const UndoEntry = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('pm2'),
      pm2Home: z.string(),
      pm2Bin: z.string().nullable(),
      app: z.string(),
      /** 'daemon': deleted through a live daemon; 'dump': the daemon was not running, the entry was taken out of dump.pm2. */
      via: z.enum(['daemon', 'dump']),
      /** The ecosystem file (in the data dir) that starts the app again as it was. */
      appFile: z.string(),
      /** The app's entry in dump.pm2 as it was (for 'dump'). */
      dumpEntry: z.unknown(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('supervisord'),
      configFile: z.string(),
      program: z.string(),
      /** Each key changed: the line as it was (null: absent) and the line written. */
      keys: z.array(z.object({ key: z.string(), before: z.string().nullable(), after: z.string() }).strict()),
      wasRunning: z.boolean(),
    })
    .strict(),
  z.object({ kind: z.literal('systemd'), unit: z.string(), user: z.boolean(), wasEnabled: z.boolean(), wasActive: z.boolean() }).strict(),
  z.object({ kind: z.literal('launchd'), plist: z.string(), label: z.string(), domain: z.string(), wasLoaded: z.boolean() }).strict(),
  z.object({ kind: z.literal('cron'), file: z.string(), original: z.string(), commented: z.string() }).strict(),
  z.object({ kind: z.literal('watchdog'), pid: z.number().int(), command: z.array(z.string()), cwd: z.string().nullable() }).strict(),
]);
export type UndoEntry = z.infer<typeof UndoEntry>;

export const TakeoverRecord = z
  .object({
    service: z.string(),
    at: z.number(),
    /** null: the definition was imported by the takeover; else the definition as it was before. */
    specBefore: ServiceSpec.nullable(),
    /** The rivals retired, in the order they were. */
    retired: z.array(UndoEntry),
    backups: z.array(z.object({ file: z.string(), backup: z.string() }).strict()),
    /** False until the service ran under Upkeep and passed the checks. */
    complete: z.boolean(),
  })
  .strict();
export type TakeoverRecord = z.infer<typeof TakeoverRecord>;

export function readTakeoverRecord(paths: DataPaths, name: string): TakeoverRecord | null {
  let text: string;
  try {
    text = readFileSync(paths.takeover(name), 'utf8');
  } catch {
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${paths.takeover(name)}: not JSON (${(error as Error).message}); undo by hand from the backups in ${paths.backupsDir}`);
  }
  const parsed = TakeoverRecord.safeParse(raw);
  if (!parsed.success) throw new Error(`${paths.takeover(name)}: ${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function writeTakeoverRecord(paths: DataPaths, record: TakeoverRecord): void {
  // Durable: `--undo` needs it after a power cut; mode 0600: it may name env values and tokens in PM2 apps.
  writeByRename(paths.takeover(record.service), `${JSON.stringify(record, null, 2)}\n`, { durable: true });
}

export function removeTakeoverRecord(paths: DataPaths, name: string): void {
  rmSync(paths.takeover(name), { force: true });
  rmSync(paths.takeoverPm2App(name), { force: true });
}
