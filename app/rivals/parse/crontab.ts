/**
 * Crontab lines: the user's (`crontab -l`: five schedule fields, then the
 * command) and the system's (/etc/crontab, /etc/cron.d/*: a user field
 * between them). Comments, blank lines and `VAR=value` lines are not jobs.
 */

export interface CronJob {
  /** 1-based line number in the file (or in `crontab -l`'s output). */
  line: number;
  /** The whole line as written, so a takeover can check it did not change. */
  text: string;
  schedule: string;
  /** Only in system crontabs. */
  user: string | null;
  command: string;
}

const NICKNAME = /^@(reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)$/;

export function parseCrontab(text: string, system: boolean): CronJob[] {
  const jobs: CronJob[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) return;
    const fields = line.split(/\s+/);
    const scheduleCount = NICKNAME.test(fields[0] ?? '') ? 1 : 5;
    const userCount = system ? 1 : 0;
    if (fields.length <= scheduleCount + userCount) return;
    // The command is the rest of the line as written (its own spacing and quotes kept).
    let rest = line;
    for (let i = 0; i < scheduleCount + userCount; i += 1) rest = rest.replace(/^\S+\s+/, '');
    jobs.push({
      line: index + 1,
      text: raw,
      schedule: fields.slice(0, scheduleCount).join(' '),
      user: system ? (fields[scheduleCount] as string) : null,
      command: rest,
    });
  });
  return jobs;
}
