/** `upkeep daemon`: the engine headless, in the foreground. */
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { runEngineInForeground } from '../foreground-engine.ts';

export async function daemon(args: string[], ctx: CliContext): Promise<number> {
  parseCommandArgs('daemon', args, {}, { min: 0, max: 0, names: '' });
  return exitWhenDone(await runEngineInForeground(ctx));
}

/**
 * Whatever a closed engine may still hold (a detached child's handle, a
 * library's timer) must not keep a finished daemon alive.
 */
export function exitWhenDone(code: number): never {
  process.exit(code);
}
