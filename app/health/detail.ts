/** Turns one check's result into the `healthDetail` that status shows. */
import type { HealthDetail } from '../api.ts';
import type { CheckResult } from './result.ts';

export function healthDetailOf(result: CheckResult, at: number, latencyMs: number): HealthDetail {
  const http = result.http;
  return {
    at,
    ok: result.ok,
    summary: result.detail,
    httpStatus: http?.status ?? null,
    latencyMs: Math.round(latencyMs * 10) / 10,
    conditions: http?.conditions ?? [],
    components: http?.components ?? {},
    body: http?.body ?? null,
  };
}
