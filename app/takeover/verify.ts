/**
 * After the takeover starts the service: exactly one copy runs (Upkeep's),
 * the rival's copies are gone, and the port answers or the health check
 * passes. Every wait is bounded; the answer says what it saw.
 */
import type { Api, ServiceStatus } from '../api.ts';
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import { tcpCheck } from '../health/tcp-check.ts';
import { processStartTime } from '../os/identity.ts';
import { findDuplicates } from '../copies/duplicates.ts';
import { listProcesses } from '../os/table.ts';

const POLL_MS = 200;
const RUNNING_WITHIN_MS = 20_000;
const PORT_WITHIN_MS = 15_000;

export interface VerifyInput {
  name: string;
  /** The folder the service runs in (its cwd, or the engine's default). */
  cwd: string;
  /** Copies the rivals ran (pid + start time) that must be gone. */
  rivalCopies: ReadonlyArray<{ pid: number; startTime: string }>;
}

async function until<T>(probe: () => Promise<T | null>, ms: number): Promise<T | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function statusOf(api: Pick<Api, 'list'>, name: string): Promise<ServiceStatus | null> {
  return (await api.list({})).services.find((service) => service.name === name) ?? null;
}

/** Resolves with one line saying what was checked; throws saying what failed. */
export async function verifyTakenOver(api: Pick<Api, 'list'>, input: VerifyInput): Promise<string> {
  const running = await until(async () => {
    const status = await statusOf(api, input.name);
    return status?.state === 'running' && status.pid !== null ? status : null;
  }, RUNNING_WITHIN_MS);
  if (!running || running.pid === null) {
    const status = await statusOf(api, input.name);
    throw new Error(`"${input.name}" did not start under Upkeep: ${status ? `${status.state}, ${status.reason}` : 'no such service'}`);
  }
  const pid = running.pid;
  let answered: string;
  if (running.spec.health) {
    const grace = running.spec.health.startGraceMs ?? HEALTH_DEFAULTS.startGraceMs;
    const healthy = await until(async () => ((await statusOf(api, input.name))?.health === 'healthy' ? true : null), grace + PORT_WITHIN_MS);
    if (!healthy) throw new Error(`"${input.name}" runs (pid ${pid}) but its health check does not pass`);
    answered = 'its health check passes';
  } else if (running.port !== null) {
    const port = running.port;
    const open = await until(async () => ((await tcpCheck(port, 1_000)).ok ? true : null), PORT_WITHIN_MS);
    if (!open) throw new Error(`"${input.name}" runs (pid ${pid}) but port ${port} does not answer`);
    answered = `port ${port} answers`;
  } else {
    answered = 'it runs';
  }
  const left = input.rivalCopies.filter((copy) => processStartTime(copy.pid) === copy.startTime);
  if (left.length > 0) throw new Error(`the rival's copy still runs (pid ${left.map((c) => c.pid).join(', ')})`);
  const spec = running.spec;
  const others = findDuplicates(await listProcesses(), { command: spec.command, cwd: input.cwd, shell: spec.shell }, new Set([pid]));
  if (others.length > 0) throw new Error(`another copy of "${input.name}" runs besides Upkeep's (pid ${others.map((e) => e.pid).join(', ')})`);
  return `${input.name}: one copy, under Upkeep (pid ${pid}); ${answered}`;
}
