/**
 * config.json: read and validated here, written whole by rename (mode 0600:
 * env values may hold secrets), tab-indented as electron-store and conf write
 * theirs. A file that fails to parse or validate is never repaired: it is kept
 * byte-for-byte, the error names the file and the field, and writes are
 * refused until a person fixes it.
 *
 * Not through `conf` itself: with ajv, semver and their friends it was about a
 * fifth of the code the engine loads, for one write call.
 */
import { z } from '../zod.ts';
import { ApiError, describeIssues, explainUnions } from '../api.ts';
import type { DataPaths } from '../paths.ts';
import { ConfigFile, type ServiceSpec } from './schema.ts';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { Port } from './schema.ts';
import { writeByRename } from '../registry/write-by-rename.ts';

/** Run state an older version wrote into a definition (the reassigned port), found on load. */
export interface LegacyRunState {
  name: string;
  assignedPort: number;
}

/** A bad file names the services it touches (by name), so each can show the problem itself. */
export type ConfigRead = { ok: true; config: ConfigFile; legacyRunState: LegacyRunState[] } | { ok: false; error: string; services: string[] };

export function readConfig(paths: DataPaths): ConfigRead {
  if (!existsSync(paths.config)) return { ok: true, config: {}, legacyRunState: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(paths.config, 'utf8'));
  } catch (error) {
    return { ok: false, error: `${paths.config}: cannot be read as JSON (${(error as Error).message}); kept as it is`, services: [] };
  }
  const legacyRunState = takeLegacyRunState(raw);
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    const { text, services } = describeConfigIssues(raw, parsed.error);
    return { ok: false, error: `${paths.config}: ${text}; kept as it is`, services };
  }
  return { ok: true, config: parsed.data, legacyRunState };
}

/**
 * Takes `assignedPort` out of each service of a parsed file (in place), so a
 * file an older version wrote is never rejected for it; returns the valid
 * ones, which the engine moves into run state.
 */
function takeLegacyRunState(raw: unknown): LegacyRunState[] {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { services?: unknown }).services)) return [];
  const found: LegacyRunState[] = [];
  for (const service of (raw as { services: unknown[] }).services) {
    if (typeof service !== 'object' || service === null || !('assignedPort' in service)) continue;
    const { assignedPort, name } = service as { assignedPort: unknown; name: unknown };
    delete (service as { assignedPort?: unknown }).assignedPort;
    if (typeof name === 'string' && Port.safeParse(assignedPort).success) found.push({ name, assignedPort: assignedPort as number });
  }
  return found;
}

/**
 * Rewrites config.json without the run state an older version put in it,
 * after copying the file as it was beside it. Returns the copy's path.
 */
export function stripLegacyRunState(paths: DataPaths): string {
  const backup = `${paths.config}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  copyFileSync(paths.config, backup);
  updateConfig(paths, (config) => config);
  return backup;
}

/** `service "ghost" (services.2): health.url: must start with http://`: the service by name, then the field inside it. */
function describeConfigIssues(raw: unknown, error: z.ZodError): { text: string; services: string[] } {
  const entries = raw !== null && typeof raw === 'object' && Array.isArray((raw as { services?: unknown }).services) ? ((raw as { services: unknown[] }).services) : [];
  const services = new Set<string>();
  const lines = explainUnions(error.issues).map((issue) => {
    const [top, index, ...field] = issue.path;
    if (top !== 'services' || typeof index !== 'number') return describeIssues(new z.ZodError([issue as z.core.$ZodIssue]));
    const entry = entries[index];
    const name = entry !== null && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : null;
    if (name !== null) services.add(name);
    const who = name === null ? `services.${index}` : `service "${name}" (services.${index})`;
    return field.length > 0 ? `${who}: ${field.join('.')}: ${issue.message}` : `${who}: ${issue.message}`;
  });
  return { text: lines.join('; '), services: [...services] };
}

/** Read, change, validate, write. Throws ApiError when the file on disk is invalid or the result would be. */
export function updateConfig(paths: DataPaths, mutate: (config: ConfigFile) => ConfigFile): ConfigFile {
  const current = readConfig(paths);
  if (!current.ok) throw new ApiError('conflict', `config not changed: ${current.error}`);
  const next = ConfigFile.safeParse(mutate(structuredClone(current.config)));
  if (!next.success) throw new ApiError('bad-request', describeIssues(next.error));
  writeByRename(paths.config, JSON.stringify({ ...next.data, schemaVersion: 1 }, undefined, '\t'), { durable: true });
  return next.data;
}

export function addServiceToConfig(paths: DataPaths, spec: ServiceSpec): ConfigFile {
  return updateConfig(paths, (config) => {
    const services = config.services ?? [];
    if (services.some((s) => s.name === spec.name)) {
      throw new ApiError('conflict', `service "${spec.name}" already exists`);
    }
    return { ...config, services: [...services, spec] };
  });
}

export function replaceServiceInConfig(paths: DataPaths, spec: ServiceSpec): ConfigFile {
  return updateConfig(paths, (config) => {
    const services = config.services ?? [];
    if (!services.some((s) => s.name === spec.name)) throw new ApiError('not-found', `no service named "${spec.name}"`);
    return { ...config, services: services.map((s) => (s.name === spec.name ? spec : s)) };
  });
}

export function removeServiceFromConfig(paths: DataPaths, name: string): ConfigFile {
  return updateConfig(paths, (config) => {
    const services = config.services ?? [];
    if (!services.some((s) => s.name === name)) throw new ApiError('not-found', `no service named "${name}"`);
    return { ...config, services: services.filter((s) => s.name !== name) };
  });
}
