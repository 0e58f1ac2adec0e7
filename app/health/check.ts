/**
 * Runs one health check of any kind (tcp, http, exec), bounded by its
 * timeout. It never throws and never leaves a socket or a process behind:
 * whatever goes wrong comes back as `{ ok: false, detail }`.
 */
import { asList } from '../shared/json-value.ts';
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import type { HealthCheck } from '../config/schema.ts';
import { execCheck } from './exec-check.ts';
import { httpCheck } from './http-check.ts';
import type { CheckResult } from './result.ts';
import { tcpCheck } from './tcp-check.ts';
import { fillPort } from '../shared/port-template.ts';

export type { CheckResult };

export interface CheckOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const NO_PORT: CheckResult = { ok: false, detail: 'no port to check' };



function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

export async function runHealthCheck(check: HealthCheck, port: number | null, options: CheckOptions = {}): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  try {
    switch (check.kind) {
      case 'tcp':
        return port === null ? NO_PORT : await tcpCheck(port, timeoutMs);
      case 'http': {
        const text = fillPort(check.url, port);
        if (text === null) return NO_PORT;
        const url = parseUrl(text);
        if (!url) return { ok: false, detail: `not a URL: ${text}` };
        const expectStatus = check.expectStatus ?? HEALTH_DEFAULTS.expectStatus;
        return await httpCheck({ url, expectStatus, json: asList(check.json), timeoutMs });
      }
      case 'exec': {
        const argv = check.command.map((arg) => fillPort(arg, port));
        if (argv.includes(null)) return NO_PORT;
        return await execCheck({ argv: argv as string[], timeoutMs, cwd: options.cwd, env: options.env });
      }
    }
  } catch (error) {
    // A bug or a synchronous throw in a library (bad header, spawn EINVAL) is a failed check, not a crash.
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
