/** The one parser of /proc/PID/stat (see proc(5)). */

export interface StatFields {
  /** The kernel's short name (`comm`), at most 15 characters. */
  name: string;
  /** R, S, D, Z (zombie), X (dead), … */
  state: string;
  ppid: number;
  pgid: number;
  /** Fields 14 + 15: user + system CPU time so far, in clock ticks. */
  cpuTicks: number;
  /** Field 22: clock ticks after boot at which the process started; what makes pid + start time an identity. */
  startTicks: string;
}

/** Parses /proc/PID/stat; null when it does not look like one. */
export function parseStat(text: string): StatFields | null {
  // The name (field 2) may hold spaces and parentheses: it ends at the LAST ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const fields = text.slice(close + 2).split(' ');
  const [state, ppid, pgid, startTicks] = [fields[0], Number(fields[1]), Number(fields[2]), fields[19] ?? ''];
  if (!state || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return null;
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return {
    name: text.slice(open + 1, close),
    state,
    ppid,
    pgid,
    cpuTicks: Number.isFinite(cpuTicks) ? cpuTicks : 0,
    startTicks: /^\d+$/.test(startTicks) ? startTicks : '',
  };
}

export function isZombie(stat: StatFields): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}
