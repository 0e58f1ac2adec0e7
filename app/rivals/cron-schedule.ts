/**
 * Whether a crontab line's five fields are a schedule cron itself would run,
 * by the grammar of crontab(5): per field `*`, a number, a range `a-b`, any
 * of them with a step `/n`, joined in lists; names (`mon`, `jan`) in the last
 * two fields. Checked by the grammar, not by cron-parser: that one builds a
 * date in local time for every line, which loads ICU's time-zone data and
 * luxon's locale into the engine for good (about 2 MiB of RssAnon) only to
 * read someone else's crontab.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function valueOf(text: string, field: Field): number | null {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= field.min && value <= field.max ? value : null;
  }
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return named < 0 ? null : named + field.min;
}

function elementOk(element: string, field: Field): boolean {
  const [range, step, extra] = element.split('/');
  if (extra !== undefined || range === undefined) return false;
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return false;
  if (range === '*') return true;
  const [from, to, more] = range.split('-');
  if (more !== undefined || from === undefined) return false;
  const start = valueOf(from, field);
  if (start === null) return false;
  if (to === undefined) return true; // `5/10` is 5 to the end, every 10 (cronie)
  const end = valueOf(to, field);
  return end !== null && end >= start;
}

/** Why the five fields are not a schedule cron runs, or null when they are one. */
export function cronScheduleProblem(schedule: string): string | null {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) return `${fields.length} fields, not ${FIELDS.length}`;
  for (const [index, field] of FIELDS.entries()) {
    const text = fields[index] as string;
    if (!text.split(',').every((element) => elementOk(element, field))) return `bad ${field.name} "${text}"`;
  }
  return null;
}
