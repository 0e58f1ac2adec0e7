/**
 * Timing a service from "gone" to "answers /health 200": after a SIGKILL under
 * a supervisor, and for a cold start spawned by the bench itself (the floor).
 * Each timing also says how long until the new process existed (its own
 * timeOrigin): the supervisor's share, without the service's start-up noise.
 */
import { spawn } from 'node:child_process';
import { health, healthOf, wallNow } from './http.ts';
import { HTTP_SERVICE } from './services.ts';
import { sleep, waitFor } from './wait.ts';

/** Poll pace: a refused connect costs the kernel microseconds, so 2 ms keeps resolution without loading 2 cores. */
const POLL_MS = 2;
const GIVE_UP_MS = 30_000;

export interface Timing {
  /** From the kill (or spawn call) until /health answers 200. */
  healthyMs: number;
  /** From the kill (or spawn call) until the new process started (its timeOrigin). */
  startedMs: number | null;
}

/** Until a process other than `oldPid` answers /health on `port`; null if none within the limit. */
async function untilHealthy(port: number, since: number, oldPid: number): Promise<Timing | null> {
  const deadline = since + GIVE_UP_MS;
  while (wallNow() < deadline) {
    const healthy = await healthOf(port, 1_000);
    if (healthy && healthy.pid !== oldPid) {
      return { healthyMs: wallNow() - since, startedMs: healthy.startedAt === null ? null : healthy.startedAt - since };
    }
    await sleep(POLL_MS);
  }
  return null;
}

/** SIGKILLs whoever serves `port` and times the supervisor bringing it back. */
export async function restartLatency(port: number): Promise<Timing | null> {
  const pid = await waitFor(`a healthy service on port ${port}`, () => health(port).then((p) => p ?? undefined), 15_000);
  process.kill(pid, 'SIGKILL');
  return untilHealthy(port, wallNow(), pid);
}

/** Spawns the service as a supervisor would (detached, output discarded) and times it to healthy. */
export async function coldStart(port: number): Promise<Timing | null> {
  const started = wallNow();
  const child = spawn(process.execPath, [HTTP_SERVICE], {
    env: { ...process.env, PORT: String(port) },
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    return await untilHealthy(port, started, -1);
  } finally {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}
