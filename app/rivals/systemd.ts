/**
 * systemd as a rival, two ways:
 * - the unit that owns a copy, from /proc/PID/cgroup. On a desktop every
 *   process sits in some unit (session-2.scope, user@1000.service), so a unit
 *   counts only when it is a `.service` whose ExecStart runs the service and
 *   whose Restart= is set, and never when it is Upkeep's own unit;
 * - user and system unit files whose ExecStart runs the service, with their
 *   Restart= and whether they are enabled (a link in a *.wants folder).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ownPaths } from '../copies/same-command.ts';
import { listDir, readTextBounded } from './bounded-read.ts';
import { fileScope, portEnvOf, startsTarget, targetCwd, type DetectContext, type RivalSource, type RivalTarget } from './context.ts';
import type { Finding } from './finding.ts';
import { sysPath } from './seams.ts';
import { parseUnitFile, restartPolicy, type UnitFile } from './unit-file.ts';

const SYSTEM_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];
const USER_HOME_DIRS = ['~/.config/systemd/user', '~/.local/share/systemd/user'];
const USER_SYSTEM_DIRS = ['/etc/systemd/user', '/usr/lib/systemd/user'];

interface UnitRef {
  unit: string;
  file: string;
  user: boolean;
  /** In the user's home (theirs to change) rather than a system folder. */
  home: boolean;
  parsed: UnitFile;
}

function dirs(ctx: DetectContext): Array<{ dir: string; user: boolean; home: boolean }> {
  return [
    ...USER_HOME_DIRS.map((dir) => ({ dir: sysPath(ctx.seams, dir), user: true, home: true })),
    ...USER_SYSTEM_DIRS.map((dir) => ({ dir: sysPath(ctx.seams, dir), user: true, home: false })),
    ...SYSTEM_DIRS.map((dir) => ({ dir: sysPath(ctx.seams, dir), user: false, home: false })),
  ];
}

/** Words that must appear in a unit file for it to possibly run a target: cheap to test before parsing. */
function needles(targets: readonly RivalTarget[]): string[] {
  return targets.flatMap((target) => {
    const own = ownPaths(target, targetCwd(target));
    return own.length > 0 ? own.map((file) => path.basename(file)) : [path.basename(target.shell ? (target.command[0] ?? '').split(/\s+/)[0] ?? '' : (target.command[0] ?? ''))];
  }).filter(Boolean);
}

function readUnits(ctx: DetectContext): UnitRef[] {
  const seen = new Set<string>();
  const units: UnitRef[] = [];
  const keys = needles(ctx.targets);
  for (const { dir, user, home } of dirs(ctx)) {
    for (const name of listDir(dir)) {
      if (!name.endsWith('.service')) continue;
      const file = path.join(dir, name);
      let real = file;
      try {
        real = realpathSync(file);
      } catch {
        continue;
      }
      if (seen.has(`${user}:${real}`)) continue;
      seen.add(`${user}:${real}`);
      const text = readTextBounded(real);
      if (text === null || !keys.some((key) => text.includes(key))) continue;
      units.push({ unit: name, file, user, home, parsed: parseUnitFile(text) });
    }
  }
  return units;
}

function isEnabled(ctx: DetectContext, ref: UnitRef): boolean {
  return dirs(ctx)
    .filter((d) => d.user === ref.user)
    .some(({ dir }) => listDir(dir).some((sub) => /\.(wants|requires)$/.test(sub) && listDir(path.join(dir, sub)).includes(ref.unit)));
}

/** The unit a process runs in: the last cgroup path component, when it is a plain `.service`. */
export function unitOfCgroup(text: string): { unit: string; user: boolean } | null {
  const line = text.split('\n').find((l) => l.startsWith('0::')) ?? text.split('\n').find((l) => l.includes(':name=systemd:'));
  if (!line) return null;
  const cgroupPath = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const last = path.basename(cgroupPath);
  if (!last.endsWith('.service') || /^user@\d+\.service$/.test(last)) return null;
  return { unit: last, user: /\/user@\d+\.service\//.test(cgroupPath) };
}

type CgroupUnit = { unit: string; user: boolean } | null;
/** Per detection run: a process that is a copy of several services is read once. */
const unitsOfRun = new WeakMap<DetectContext, Map<number, CgroupUnit>>();

function cgroupUnit(ctx: DetectContext, pid: number): CgroupUnit {
  let units = unitsOfRun.get(ctx);
  if (!units) unitsOfRun.set(ctx, (units = new Map()));
  if (!units.has(pid)) {
    const text = readTextBounded(sysPath(ctx.seams, `/proc/${pid}/cgroup`));
    units.set(pid, text === null ? null : unitOfCgroup(text));
  }
  return units.get(pid) ?? null;
}

function runsTarget(ref: UnitRef, target: RivalTarget, ctx: DetectContext): boolean {
  const cwd = ref.parsed.workingDirectory?.replace(/^~(?=\/|$)/, ctx.seams.home) ?? (ref.user ? ctx.seams.home : '/');
  return ref.parsed.execStart.some((words) => startsTarget(words, cwd, target));
}

function findingFor(ref: UnitRef, target: RivalTarget, copyPid: number | null, ctx: DetectContext): Finding {
  const { parsed } = ref;
  const enabled = isEnabled(ctx, ref);
  const restarts = parsed.restart !== null && parsed.restart !== 'no';
  const scope = ref.home ? fileScope(ctx, ref.file) : 'system';
  const systemctl = ref.user ? 'systemctl --user' : 'systemctl';
  const command = parsed.execStart[0] ?? [];
  const state = [copyPid === null ? 'not running it now' : `runs it (pid ${copyPid})`, enabled ? 'enabled' : 'not enabled', `Restart=${parsed.restart ?? 'no'}`];
  return {
    service: target.name,
    kind: 'systemd',
    pid: null,
    copyPid,
    evidence: `systemd ${ref.user ? 'user' : 'system'} unit ${ref.unit} (${ref.file}): ${state.join(', ')}`,
    respawns: (copyPid !== null && restarts) || enabled,
    fix: `disable and stop the unit (${systemctl} disable --now ${ref.unit}) so it does not start at boot; Upkeep runs it instead`,
    scope,
    commands: scope === 'system' ? [`${ref.user ? '' : 'sudo '}${systemctl} disable --now ${ref.unit}`.trim()] : [],
    locator: { kind: 'systemd', unit: ref.unit, file: ref.file, user: ref.user },
    definition:
      command.length > 0
        ? { name: ref.unit.replace(/\.service$/, '').replace(/@$/, ''), command, cwd: parsed.workingDirectory, env: parsed.environment, ...portEnvOf(parsed.environment), restart: restartPolicy(parsed.restart) }
        : null,
  };
}

export const systemdSource: RivalSource = async (ctx) => {
  const own = cgroupUnit(ctx, process.pid);
  const byCopy = new Map<string, number>();
  for (const copies of ctx.copies.values()) {
    for (const copy of copies) {
      const found = cgroupUnit(ctx, copy.pid);
      if (found && !(own && own.unit === found.unit && own.user === found.user)) byCopy.set(`${found.user}:${found.unit}`, copy.pid);
    }
  }
  const findings: Finding[] = [];
  for (const ref of readUnits(ctx)) {
    if (own && own.unit === ref.unit && own.user === ref.user) continue;
    for (const target of ctx.targets) {
      if (!runsTarget(ref, target, ctx)) continue;
      const copyPid = byCopy.get(`${ref.user}:${ref.unit}`) ?? null;
      // A unit running a copy counts only with Restart= set; an idle one by its file (enabled, or there to start).
      if (copyPid !== null && (ref.parsed.restart === null || ref.parsed.restart === 'no')) continue;
      findings.push(findingFor(ref, target, copyPid, ctx));
    }
  }
  for (const [key, copyPid] of byCopy) {
    const unit = key.slice(key.indexOf(':') + 1);
    if (findings.some((f) => f.locator.kind === 'systemd' && f.locator.unit === unit)) continue;
    await unitFromSystemctl(ctx, unit, key.startsWith('true'), copyPid, findings);
  }
  return findings;
};

/** A unit whose file is not in the usual folders (a transient or generated one): ask systemctl where it is. */
async function unitFromSystemctl(ctx: DetectContext, unit: string, user: boolean, copyPid: number, findings: Finding[]): Promise<void> {
  const args = [...(user ? ['--user'] : []), 'show', '-p', 'FragmentPath', '--value', unit];
  const result = await ctx.seams.run('systemctl', args, { timeoutMs: Math.max(300, Math.min(2_000, ctx.deadline - Date.now())) });
  const fragment = result.code === 0 ? result.stdout.trim() : '';
  if (!fragment) return;
  const text = readTextBounded(sysPath(ctx.seams, fragment));
  if (text === null) return;
  const ref: UnitRef = { unit, file: fragment, user, home: fragment.startsWith(ctx.seams.home), parsed: parseUnitFile(text) };
  if (ref.parsed.restart === null || ref.parsed.restart === 'no') return;
  for (const target of ctx.targets) if (runsTarget(ref, target, ctx)) findings.push(findingFor(ref, target, copyPid, ctx));
}
