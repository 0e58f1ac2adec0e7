/** Process helpers for tests: liveness by pid and cleanup by pid (never by name). */
import type { TestContext } from 'node:test';
import { processStartTime } from '../../app/os/identity.ts';

/** Alive and not a zombie (a killed orphan may wait a while for a reaper that never comes in a container). */
export function isAlive(pid: number): boolean {
  return processStartTime(pid) !== null;
}

/** Kills these pids (and their groups) when the test ends, whatever happened. */
export function killAtEnd(t: TestContext, pids: () => Array<number | null | undefined>): void {
  t.after(() => {
    for (const pid of pids()) {
      if (!pid) continue;
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
  });
}

/** Every pid whose /proc/PID/environ carries NAME=VALUE (Linux), to count copies of a service. */
export async function pidsWithEnv(name: string, value: string): Promise<number[]> {
  const { processesWithEnv } = await import('./proc-env.ts');
  return processesWithEnv(`${name}=${value}`);
}
