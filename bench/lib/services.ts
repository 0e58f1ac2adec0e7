/** The bench services and how a supervisor is told to run them. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceDef } from '../supervisors/types.ts';

const servicePath = (file: string): string => fileURLToPath(new URL(`../services/${file}`, import.meta.url));

export const HTTP_SERVICE = servicePath('http-service.mjs');
export const LOG_BURST_SERVICE = servicePath('log-burst.mjs');
export const CRASH_SERVICE = servicePath('crash.mjs');
/** Not a service: a bare Node crash loop, the runtime's floor (see the file). */
export const CRASH_FLOOR = servicePath('crash-floor.mjs');

export function httpService(name: string, port: number): ServiceDef {
  return { name, command: [process.execPath, HTTP_SERVICE], port };
}

export function logBurstService(name: string, port: number, lines: number): ServiceDef {
  return { name, command: [process.execPath, LOG_BURST_SERVICE], port, env: { LINES: String(lines) } };
}

/** When each start of a crash service happened (ms since the epoch): services/crash.mjs appends a line per start. */
export function readStarts(startsFile: string): number[] {
  if (!existsSync(startsFile)) return [];
  return readFileSync(startsFile, 'utf8').split('\n').filter(Boolean).map(Number);
}

export function crashService(name: string, startsFile: string): ServiceDef {
  return { name, command: [process.execPath, CRASH_SERVICE], env: { STARTS_FILE: startsFile }, autostart: false };
}

/** The env a service sees, port included (supervisors that do not know ports get PORT this way). */
export function serviceEnv(service: ServiceDef): Record<string, string> {
  return { ...service.env, ...(service.port !== undefined ? { PORT: String(service.port) } : {}) };
}
