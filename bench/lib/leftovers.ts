/**
 * The last line of cleanup: a pid we know we started that is still alive after
 * the supervisor's own shutdown is SIGKILLed — only if its command line still
 * looks like ours (pids get reused).
 */
import { commandLine, isAlive } from './proc.ts';
import { sleep } from './wait.ts';

export async function killLeftovers(pids: Iterable<number>, looksLike: (command: string) => boolean): Promise<number[]> {
  const alive = [...new Set(pids)].filter((pid) => pid > 0 && isAlive(pid));
  if (alive.length === 0) return [];
  await sleep(500); // a shutdown in its last steps gets a moment
  const killed: number[] = [];
  for (const pid of alive) {
    const command = commandLine(pid);
    if (command === null || !isAlive(pid) || !looksLike(command)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone in between
    }
  }
  return killed;
}

export const isBenchService = (command: string): boolean => command.includes('/bench/services/');
