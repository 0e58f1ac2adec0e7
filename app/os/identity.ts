/**
 * A process's identity is its pid plus its start time: pids get reused, so a
 * pid from a file is trusted only while the start time still matches.
 */
import { osLayer } from './current.ts';

/** Opaque start-time token, or null when no such process exists (or it is a zombie). */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return osLayer().startTime(pid);
}

export function isSameProcess(pid: number, startTime: string): boolean {
  return processStartTime(pid) === startTime;
}

