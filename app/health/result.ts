/** What one health check says, and the short lines it says it with. */
import type { HttpFacts } from './http-check.ts';

export interface CheckResult {
  ok: boolean;
  /** One short line for a person: "HTTP 503", "connect ECONNREFUSED", "timed out after 2000 ms". */
  detail: string;
  /** Set by http checks that got an answer: the status, the conditions, the body. */
  http?: HttpFacts;
}

export function timedOut(timeoutMs: number): CheckResult {
  return { ok: false, detail: `timed out after ${timeoutMs} ms` };
}

/** `connect ECONNREFUSED` rather than Node's longer message with the address in it. */
export function errorDetail(error: unknown): string {
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  if (code && syscall) return `${syscall} ${code}`;
  if (code) return code;
  return message || String(error);
}
