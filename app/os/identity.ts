/**
 * A process's identity is its pid plus its start time: pids get reused, so a
 * pid from a file is trusted only while the start time still matches.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Opaque start-time token, or null when no such process exists (or it is a zombie). */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') return linuxStartTime(pid);
  return psStartTime(pid);
}

export function isSameProcess(pid: number, startTime: string): boolean {
  return processStartTime(pid) === startTime;
}

/** True while the pid exists (any owner). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function linuxStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); start time is field 22, so index 19.
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  const start = fields[19];
  return start && /^\d+$/.test(start) ? `linux:${start}` : null;
}

function psStartTime(pid: number): string | null {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const line = out.trim();
    return line ? `ps:${line}` : null;
  } catch {
    return null;
  }
}
