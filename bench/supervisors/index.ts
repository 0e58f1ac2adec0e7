/** Which supervisors this machine can run, and a tracked way to start and close them. */
import { Pm2 } from './pm2.ts';
import { Supervisord } from './supervisord.ts';
import { Upkeep } from './upkeep.ts';
import type { ServiceDef, Supervisor, SupervisorId } from './types.ts';

export function availableSupervisors(say: (line: string) => void): SupervisorId[] {
  const ids: SupervisorId[] = ['upkeep'];
  if (Pm2.available()) ids.push('pm2');
  else say('PM2 not found (node_modules/.bin/pm2): run `npm install`; skipping PM2.');
  if (Supervisord.available()) ids.push('supervisord');
  else say('supervisord not found: install it with `apt-get install supervisor` (Debian/Ubuntu); skipping supervisord.');
  return ids;
}

const live = new Set<Supervisor>();

function create(id: SupervisorId): Supervisor {
  if (id === 'upkeep') return new Upkeep();
  if (id === 'pm2') return new Pm2();
  return new Supervisord();
}

/** Starts one supervisor per id, concurrently, each with its own services; all are closed by closeAll too. */
export async function startSupervisors(ids: SupervisorId[], services: (id: SupervisorId) => ServiceDef[]): Promise<Supervisor[]> {
  const supervisors = ids.map(create);
  for (const supervisor of supervisors) live.add(supervisor);
  // A last argument naming the supervisor: otherwise every service's command line is the same under all
  // three, and Upkeep rightly lists the peers' processes as stray copies of its own (200 per service at
  // 100 services), which is the fight it exists to find, not the status people run every day.
  const tagged = (id: SupervisorId): ServiceDef[] => services(id).map((service) => ({ ...service, command: [...service.command, `--under=${id}`] }));
  await Promise.all(supervisors.map((supervisor) => supervisor.start(tagged(supervisor.id))));
  return supervisors;
}

/** Closes every supervisor started and not yet closed (also on Ctrl-C). */
export async function closeAll(): Promise<void> {
  const supervisors = [...live];
  live.clear();
  await Promise.all(supervisors.map((supervisor) => supervisor.close()));
}

/** Runs `body` with started supervisors and closes them whatever happens. */
export async function withSupervisors<T>(
  ids: SupervisorId[],
  services: (id: SupervisorId) => ServiceDef[],
  body: (supervisors: Supervisor[]) => Promise<T>,
): Promise<T> {
  try {
    return await body(await startSupervisors(ids, services));
  } finally {
    await closeAll();
  }
}
