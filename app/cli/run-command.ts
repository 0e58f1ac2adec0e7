/**
 * One command run the way every command runs: `--help` anywhere prints its
 * help, and an error becomes one `upkeep: …` line and its exit code.
 */
import { wantsHelp } from './args.ts';
import type { CliContext } from './context.ts';
import { exitCodeFor, messageFor, EXIT_OK } from './errors.ts';
import { commandHelp, type CommandName } from './help.ts';

export type Command = (args: string[], ctx: CliContext) => Promise<number>;

/** `load` is called only when the command runs: `upkeep add --help` does not load the add command. */
export async function runCommand(word: CommandName, load: () => Promise<Command>, rest: string[], ctx: CliContext): Promise<number> {
  return guarded(ctx, async () => {
    if (wantsHelp(rest)) {
      ctx.out(commandHelp(word));
      return EXIT_OK;
    }
    return (await load())(rest, ctx);
  });
}

/** The error of a run as the user sees it: never a stack trace. */
export async function guarded(ctx: CliContext, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    ctx.err(`upkeep: ${messageFor(error)}`);
    return exitCodeFor(error);
  }
}
