/**
 * cron: the one line is commented out, with a marker saying Upkeep took it
 * over and how to undo; the user's crontab is read with `crontab -l` and
 * written back with `crontab -` (never the spool file itself), after a
 * backup. The undo uncomments that one line, wherever it is now, and leaves
 * every other line as the person has it since.
 */
import { rivalChanged } from '../rival-changed.ts';
import type { HandlerContext, RivalHandler } from '../rival-handler.ts';
import { expectSuccess } from '../run-command.ts';


export function commentedLine(service: string, original: string): string {
  return `# Taken over by Upkeep as "${service}" (undo: upkeep takeover ${service} --undo): ${original}`;
}

async function readCrontab(ctx: HandlerContext): Promise<string> {
  const result = await ctx.run('crontab', ['-l'], { env: ctx.env });
  if (result.code !== 0) {
    if (/no crontab/i.test(result.stderr)) return '';
    expectSuccess(result, 'crontab -l');
  }
  return result.stdout;
}

async function writeCrontab(ctx: HandlerContext, text: string): Promise<void> {
  expectSuccess(await ctx.run('crontab', ['-'], { env: ctx.env, input: text }), 'crontab -');
}

function lineAt(text: string, line: number): string | undefined {
  return text.split('\n')[line - 1];
}

export const cronHandler: RivalHandler<'cron'> = {
  kind: 'cron',

  steps(locator, _finding, ctx) {
    return [
      {
        title: `Comment out line ${locator.line} of your crontab, with a note that Upkeep took it over and how to undo:\n  ${locator.text}\n→ ${commentedLine(ctx.service, locator.text)}`,
        files: [locator.file],
        commands: ['crontab -l', 'crontab -'],
        scope: 'user',
      },
    ];
  },

  async check(locator, ctx) {
    if (locator.source !== 'user') throw rivalChanged(`${locator.file} is a system crontab`);
    const now = lineAt(await readCrontab(ctx), locator.line);
    if (now !== locator.text) {
      throw rivalChanged(`line ${locator.line} of the crontab changed since the plan: it was ${JSON.stringify(locator.text)}, it is ${JSON.stringify(now ?? '(no such line)')}`);
    }
  },

  async retire(locator, ctx) {
    const text = await readCrontab(ctx);
    const lines = text.split('\n');
    if (lines[locator.line - 1] !== locator.text) throw rivalChanged(`line ${locator.line} of the crontab changed since the plan`);
    ctx.backupText('crontab', text);
    const commented = commentedLine(ctx.service, locator.text);
    lines[locator.line - 1] = commented;
    await writeCrontab(ctx, lines.join('\n'));
    ctx.say(`cron: commented out line ${locator.line} of the crontab`);
    return { kind: 'cron', file: locator.file, original: locator.text, commented };
  },

  undoSteps(entry) {
    return [{ title: `Uncomment the crontab line Upkeep commented out:\n  ${entry.original}`, files: [entry.file], commands: ['crontab -l', 'crontab -'], scope: 'user' }];
  },

  async undo(entry, ctx) {
    const text = await readCrontab(ctx);
    const lines = text.split('\n');
    const at = lines.indexOf(entry.commented);
    if (at === -1) return ['cron: the commented line is no longer in the crontab; left as it is'];
    lines[at] = entry.original;
    await writeCrontab(ctx, lines.join('\n'));
    return [`cron: uncommented line ${at + 1} of the crontab`];
  },
};
