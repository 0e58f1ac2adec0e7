import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronExpressionParser } from 'cron-parser';
import { cronScheduleProblem } from '../../app/rivals/cron-schedule.ts';

const RUNS = ['* * * * *', '*/5 * * * *', '0 3 * * *', '17 * * * *', '0-30/10 8-18 * * 1-5', '0 0 1,15 * *', '30 4 * jan,JUL sun', '0 0 * * 7', '5/10 * * * *', '59 23 31 12 6'];
const NEVER = ['* * * nope *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '*/0 * * * *', '5-1 * * * *', '1-2-3 * * * *', '* * * *', '* * * * * *', '1//2 * * * *', ',1 * * * *', '-1 * * * *'];

test('a crontab schedule is checked by cron\'s grammar: what cron runs passes, the rest says which field is wrong', () => {
  for (const schedule of RUNS) assert.equal(cronScheduleProblem(schedule), null, schedule);
  for (const schedule of NEVER) assert.notEqual(cronScheduleProblem(schedule), null, schedule);
  assert.equal(cronScheduleProblem('* * * nope *'), 'bad month "nope"');
  assert.equal(cronScheduleProblem('* * * *'), '4 fields, not 5');
});

test('it agrees with cron-parser, which the engine\'s own schedules use, on every case above', () => {
  const parses = (schedule: string) => {
    try {
      CronExpressionParser.parse(schedule);
      return true;
    } catch {
      return false;
    }
  };
  for (const schedule of RUNS) assert.equal(parses(schedule), true, schedule);
  for (const schedule of NEVER.filter((s) => s.split(' ').length === 5)) assert.equal(parses(schedule), false, schedule);
});
