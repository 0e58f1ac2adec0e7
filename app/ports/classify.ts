/**
 * What Upkeep makes of a port's owner, from one snapshot: a stale copy of the
 * service that wants the port, another Upkeep service, a process under
 * another supervisor, or a stranger. Only a stale copy may ever be stopped
 * without asking. The order:
 * 1. the engine's own knowledge: registry records and run tags (a leftover
 *    of our own crashed run is ours, never a rival's);
 * 2. a rival that runs it (a finding of rival detection): killing what PM2
 *    or a watchdog will respawn only starts a loop, so it is `supervised`;
 * 3. the same command as a service: a stale copy;
 * 4. a supervisor seen in its ancestry, else a stranger.
 */
import type { Finding, PortOwner } from '../api.ts';
import { rivalOf } from '../rivals/rival-of.ts';
import { viaOf } from '../shared/rival-text.ts';
import { isSameProcess as liveSameProcess } from '../os/identity.ts';
import { canonicalCwd, runsCommand, type CommandSpec } from '../copies/same-command.ts';
import { ancestors, type ProcessEntry } from '../os/table.ts';
import type { PortHolder } from './owner.ts';
import { supervisorOf } from './supervisors.ts';

export interface NamedCommand extends CommandSpec {
  name: string;
}

/** The parts of a registry record (run/<name>.json) classification needs. */
export interface RecordRef {
  name: string;
  pid: number;
  startTime: string;
  command: string[];
  cwd: string;
}

export interface ClassifyContext {
  /** The service that wants the port. */
  service: NamedCommand;
  /** Registry records of all services, verified or not (each is checked here). */
  records: readonly RecordRef[];
  /** All service definitions (this one may be among them). */
  specs: readonly NamedCommand[];
  /** A snapshot with cwds (listProcesses()). */
  table: readonly ProcessEntry[];
  /** Processes tagged as runs of this data dir (UPKEEP_SERVICE), found by their environment. */
  tagged?: ReadonlyArray<{ pid: number; service: string | null }>;
  /** What rival detection found for these services. */
  rivals?: readonly Finding[];
  /** Pids get reused: a record counts only while its start time matches. Injected for tests. */
  isSameProcess?: (pid: number, startTime: string) => boolean;
}

type Verdict = Pick<PortOwner, 'class' | 'service'>;

function ownerVerdict(serviceName: string, name: string): Verdict {
  return name === serviceName ? { class: 'stale-copy', service: name } : { class: 'upkeep-service', service: name };
}

function byRecord(family: readonly number[], context: ClassifyContext): Verdict | null {
  const same = context.isSameProcess ?? liveSameProcess;
  for (const pid of family) {
    const record = context.records.find((r) => r.pid === pid && same(r.pid, r.startTime));
    if (record) return ownerVerdict(context.service.name, record.name);
  }
  return null;
}

function byTag(family: readonly number[], context: ClassifyContext): Verdict | null {
  for (const pid of family) {
    const tagged = context.tagged?.find((p) => p.pid === pid && p.service);
    if (tagged?.service) return ownerVerdict(context.service.name, tagged.service);
  }
  return null;
}

/** The class a rival's process gets: `supervised` by the finding's kind, via its app, unit, file:line or pid. */
export function supervisedBy(finding: Finding): Pick<PortOwner, 'class' | 'supervisor' | 'via'> {
  return { class: 'supervised', supervisor: finding.kind, via: viaOf(finding.locator) };
}

function byCommand(family: readonly ProcessEntry[], context: ClassifyContext): Verdict | null {
  // This service first, so a command two services share counts as our own stale copy.
  // A record's command is included: the definition may have changed since that copy started.
  const others = context.specs.filter((spec) => spec.name !== context.service.name);
  const fromRecords = context.records.map((r) => ({ name: r.name, command: r.command, cwd: r.cwd }));
  const candidates = [
    context.service,
    ...fromRecords.filter((r) => r.name === context.service.name),
    ...others,
    ...fromRecords.filter((r) => r.name !== context.service.name),
  ].map((candidate) => ({ candidate, cwd: canonicalCwd(candidate.cwd) }));
  for (const entry of family) {
    for (const { candidate, cwd } of candidates) {
      if (runsCommand(entry, candidate, cwd)) return ownerVerdict(context.service.name, candidate.name);
    }
  }
  return null;
}

export function classifyOwner(owner: PortHolder, context: ClassifyContext): PortOwner {
  const base = { pid: owner.pid, command: owner.command };
  const self = context.table.find((entry) => entry.pid === owner.pid);
  const chain = ancestors(context.table, owner.pid);
  const family = self ? [self, ...chain] : chain;

  const pids = [owner.pid, ...chain.map((entry) => entry.pid)];
  const ours = byRecord(pids, context) ?? byTag(pids, context);
  if (ours) return { ...base, ...ours };
  const rival = rivalOf(context.rivals ?? [], context.table, owner.pid);
  if (rival) return { ...base, ...supervisedBy(rival) };
  const known = byCommand(family, context);
  if (known) return { ...base, ...known };
  const supervisor = supervisorOf(chain);
  if (supervisor) return { ...base, class: 'supervised', supervisor };
  return { ...base, class: 'stranger' };
}
