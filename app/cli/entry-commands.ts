/** The bundle of every command (dist/chunks/commands.mjs), each loaded on demand. */
import { processContext } from './context.ts';
import { run } from './run.ts';

export function main(argv: string[]): Promise<number> {
  return run(argv, processContext());
}
