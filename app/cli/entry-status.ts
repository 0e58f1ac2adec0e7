/** `upkeep status` alone (dist/chunks/status.mjs): what it needs and nothing else, in as few files as it takes. */
import { status } from './commands/status.ts';
import { processContext } from './context.ts';
import { runCommand } from './run-command.ts';

export function main(argv: string[]): Promise<number> {
  return runCommand('status', async () => status, argv.slice(1), processContext());
}
