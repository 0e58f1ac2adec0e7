/** The `upkeep` command (bundled to dist/cli.mjs; bin/upkeep.mjs imports it). */
import module from 'node:module';
import { processContext } from './context.ts';
import { run } from './run.ts';

// Node 22+: V8 keeps the compiled code of the chunks a command loads (in the OS temp dir),
// so the next `upkeep status` skips compiling them. Not in Node 20: there it is a no-op.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `upkeep logs x | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processContext());
