/**
 * dump.pm2: what `pm2 save` wrote and what `pm2 resurrect` (and the boot
 * script of `pm2 startup`) bring back. A JSON array of apps (pm2_env).
 */
import { DefinitionFileError, type ParsedDefinition } from './parsed.ts';
import { parsePm2App } from './pm2-app.ts';
import path from 'node:path';

export interface DumpApp extends ParsedDefinition {
  /** PM2's own id for the app when it was saved. */
  pmId: number | null;
}

export function parsePm2Dump(text: string, file: string, inherited: Readonly<Record<string, string | undefined>> = {}): DumpApp[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DefinitionFileError(file, `not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(raw)) throw new DefinitionFileError(file, 'expected a JSON array of apps');
  return raw.map((app, index) => {
    const parsed = parsePm2App(app, { file, index, baseDir: path.dirname(file) }, inherited);
    const pmId = typeof (app as { pm_id?: unknown }).pm_id === 'number' ? ((app as { pm_id: number }).pm_id) : null;
    return { ...parsed, startsAtBoot: true, pmId };
  });
}
