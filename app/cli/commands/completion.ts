/** `upkeep completion bash|zsh`: prints the script; nothing is installed behind the user's back. */
import { parseCommandArgs } from '../args.ts';
import { bashCompletion, zshCompletion } from '../completion-script.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';

export async function completion(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommandArgs('completion', args, {}, { min: 1, max: 1, names: 'a shell: bash or zsh' });
  const shell = positionals[0];
  if (shell === 'bash') ctx.out(bashCompletion());
  else if (shell === 'zsh') ctx.out(zshCompletion());
  else throw new UsageError(`completion is for bash or zsh, not "${shell}"`);
  return EXIT_OK;
}
