/** Five-field cron expressions through cron-parser, in the machine's local time. */
import { CronExpressionParser } from 'cron-parser';

/** Why the text is not a five-field cron expression, or null when it is one. */
export function cronProblem(text: string): string | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) return `must be five fields (minute hour day month weekday), not ${fields.length}: "${text}"`;
  try {
    CronExpressionParser.parse(text);
    return null;
  } catch (error) {
    return `not a cron expression: ${(error as Error).message}`;
  }
}

/** The first time after `after` that the expression names, in ms since the epoch. */
export function nextCronTime(text: string, after: number): number {
  return CronExpressionParser.parse(text, { currentDate: new Date(after) }).next().getTime();
}
