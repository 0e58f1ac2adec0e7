/** The `upkeep` command (bundled to dist/cli.mjs; bin/upkeep.mjs imports it). */
import { processContext } from './context.ts';
import { run } from './run.ts';

// `upkeep logs x | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processContext());
