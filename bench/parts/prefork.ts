/**
 * A prefork server's master is SIGKILLed (gunicorn, uvicorn --workers, puma,
 * php-fpm): its workers stay in the group and keep holding the port. Measured:
 * SIGKILL → the port answers from a *new* master (an answer whose `master` is
 * not the killed pid). A supervisor that leaves the workers running waits
 * for them to notice (LINGER_MS here, 5–10 s for gunicorn) or gives up.
 * Rounds are spaced past Upkeep's 10 s backoff reset, so each kill is a first crash.
 */
import { fileURLToPath } from 'node:url';
import { get } from '../lib/http.ts';
import { freePorts } from '../lib/ports.ts';
import { median } from '../lib/stats.ts';
import { sleep, waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { ServiceDef, SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

/** The test suite's prefork fixture: one owner for what a prefork server does. */
const PREFORK = fileURLToPath(new URL('../../test/fixtures/prefork.mjs', import.meta.url));
const WORKERS = 3;
/** How long orphaned workers keep serving: long enough to show, short enough to bound the part. */
const LINGER_MS = 6_000;
const ROUNDS = 2;
const ROUND_GAP_MS = 11_000;
/** Past the linger, with time for a supervisor's own backoff: a miss is recorded as this. */
const GIVE_UP_MS = 20_000;

export interface PreforkFigures {
  /** SIGKILL → the first answer from a new master, per round (GIVE_UP_MS when none came). */
  ms: number[];
  median: number;
}

export interface PreforkResult {
  lingerMs: number;
  bySupervisor: Partial<Record<SupervisorId, PreforkFigures>>;
}

function preforkService(port: number): ServiceDef {
  return { name: 'prefork', command: [process.execPath, PREFORK, String(WORKERS), String(LINGER_MS)], port };
}

async function masterOf(port: number): Promise<number | undefined> {
  const answer = await get(port, '/', 300);
  if (!answer || answer.status !== 200) return undefined;
  try {
    return (JSON.parse(answer.body) as { master: number }).master;
  } catch {
    return undefined;
  }
}

export async function preforkPart(ctx: PartContext): Promise<PreforkResult> {
  const ports = await freePorts(ctx.ids.length);
  const portOf = (id: SupervisorId): number => ports[ctx.ids.indexOf(id)] as number;
  return withSupervisors(ctx.ids, (id) => [preforkService(portOf(id))], async (supervisors) => {
    const result: PreforkResult = { lingerMs: LINGER_MS, bySupervisor: {} };
    await sleep(ROUND_GAP_MS);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const supervisor of supervisors) {
        const port = portOf(supervisor.id);
        const master = await waitFor(`${supervisor.id}'s prefork master`, () => masterOf(port), GIVE_UP_MS).catch(() => undefined);
        const figures = (result.bySupervisor[supervisor.id] ??= { ms: [], median: 0 });
        if (master === undefined) {
          // Still down from the last round (PM2's new master cannot bind while the orphans hold the port): counted as never recovering.
          figures.ms.push(GIVE_UP_MS);
          figures.median = median(figures.ms);
          ctx.say(`  round ${round + 1}: ${supervisor.id} had no master to kill after ${GIVE_UP_MS} ms: counted as ${GIVE_UP_MS} ms`);
          continue;
        }
        process.kill(master, 'SIGKILL');
        const killedAt = performance.now();
        const ms = await waitFor(`a new master on ${supervisor.id}`, async () => {
          const now = await masterOf(port);
          return now !== undefined && now !== master ? performance.now() - killedAt : undefined;
        }, GIVE_UP_MS, 10).catch(() => GIVE_UP_MS);
        figures.ms.push(ms);
        figures.median = median(figures.ms);
        ctx.say(`  round ${round + 1}: ${supervisor.id} ${ms.toFixed(0)} ms`);
      }
      if (round < ROUNDS - 1) await sleep(ROUND_GAP_MS);
    }
    return result;
  });
}
