/**
 * cron as a rival: lines of the user's crontab (`crontab -l`, found on PATH)
 * and of /etc/crontab and /etc/cron.d/* whose command runs the service's
 * program or script. The schedule is checked by cron's grammar
 * (cron-schedule.ts); a line that does not parse is noted, not guessed at.
 */
import path from 'node:path';
import { ancestors } from '../os/table.ts';
import { listDir, readTextBounded } from './bounded-read.ts';
import { cronScheduleProblem } from './cron-schedule.ts';
import { shellStartsTarget, type RivalSource } from './context.ts';
import type { Finding } from './finding.ts';
import { sysPath } from './seams.ts';

const SPECIAL = new Set(['@reboot', '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export interface CronLine {
  line: number;
  text: string;
  schedule: string;
  user: string | null;
  command: string;
  home: string | null;
}

/** The jobs of one crontab; `system` files carry a user field after the schedule. */
export function parseCrontab(text: string, system: boolean, home: string | null, label: string, note: (m: string) => void): CronLine[] {
  const jobs: CronLine[] = [];
  let currentHome = home;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (assignment) {
      if (assignment[1] === 'HOME') currentHome = (assignment[2] as string).replace(/^["']|["']$/g, '');
      return;
    }
    const fields = line.split(/\s+/);
    const special = SPECIAL.has(fields[0] as string);
    const scheduleFields = special ? 1 : 5;
    const schedule = fields.slice(0, scheduleFields).join(' ');
    const problem = special ? null : cronScheduleProblem(schedule);
    if (problem) {
      note(`${label}:${index + 1}: not a cron schedule "${schedule}" (${problem})`);
      return;
    }
    const user = system ? (fields[scheduleFields] ?? null) : null;
    const rest = fields.slice(scheduleFields + (system ? 1 : 0)).join(' ');
    // An unescaped % ends the command (what follows is its stdin).
    const command = rest.replace(/(^|[^\\])%.*$/, '$1');
    if (command.trim() === '') return;
    jobs.push({ line: index + 1, text: raw, schedule, user, command, home: currentHome });
  });
  return jobs;
}

function everyText(schedule: string): string {
  return schedule === '@reboot' ? 'at every boot' : `on schedule "${schedule}"`;
}

export const cronSource: RivalSource = async (ctx) => {
  const sources: Array<{ source: 'user' | 'system'; file: string; jobs: CronLine[] }> = [];
  const timeoutMs = Math.max(300, Math.min(2_000, ctx.deadline - Date.now()));
  const listed = await ctx.seams.run('crontab', ['-l'], { timeoutMs });
  if (listed.code === 0) sources.push({ source: 'user', file: 'crontab', jobs: parseCrontab(listed.stdout, false, ctx.seams.home, 'crontab', ctx.note) });
  else if (listed.code === null && !/ENOENT/.test(listed.error ?? '')) ctx.note(`crontab -l: ${listed.error}`);
  const files = [sysPath(ctx.seams, '/etc/crontab'), ...listDir(sysPath(ctx.seams, '/etc/cron.d')).filter((n) => !n.startsWith('.') && !n.endsWith('~') && !n.includes('.dpkg-')).map((n) => path.join(sysPath(ctx.seams, '/etc/cron.d'), n))];
  for (const file of files) {
    const text = readTextBounded(file);
    if (text !== null) sources.push({ source: 'system', file, jobs: parseCrontab(text, true, null, file, ctx.note) });
  }

  const findings: Finding[] = [];
  for (const { source, file, jobs } of sources) {
    for (const job of jobs) {
      for (const target of ctx.targets) {
        const command = shellStartsTarget(job.command, job.home, target, job.home);
        if (!command) continue;
        // A copy running now under the cron daemon is most likely this line's.
        const copy = (ctx.copies.get(target.name) ?? []).find((c) => ancestors(ctx.table, c.pid).some((p) => ['cron', 'crond'].includes(path.basename(p.argv[0] ?? ''))));
        const where = source === 'user' ? `user crontab, line ${job.line}` : `${file}:${job.line}${job.user ? ` (as ${job.user})` : ''}`;
        findings.push({
          service: target.name,
          kind: 'cron',
          pid: null,
          copyPid: copy?.pid ?? null,
          evidence: `${where}: ${job.text.trim()}`,
          respawns: true,
          fix: `comment the line out, marked as taken over by Upkeep (with how to undo), so cron stops starting it ${everyText(job.schedule)}`,
          scope: source === 'user' ? 'user' : 'system',
          commands: source === 'user' ? [] : [`sudo sed -i '${job.line}s/^/# taken over by upkeep: /' ${file}`],
          locator: { kind: 'cron', source, file, line: job.line, text: job.text },
          definition: { name: target.name, command: command.words, cwd: command.cwd, env: {}, port: null, portEnv: null, restart: null },
        });
      }
    }
  }
  return findings;
};
