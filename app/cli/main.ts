/**
 * The `upkeep` command (dist/cli.mjs; bin/upkeep.mjs imports it). It loads
 * nothing of its own: it picks the bundle for the command word and hands over.
 */
import module from 'node:module';
import { reexecWithEngineFlags } from './engine-flags.ts';
import type { CliEntry } from './entry.ts';

const argv = process.argv.slice(2);
const word = argv[0];
const runsEngine = word === 'daemon' || word === 'serve';
if (runsEngine) reexecWithEngineFlags();

// Node 22+: V8 keeps the compiled code of the chunks a command loads (in the OS temp dir),
// so the next `upkeep status` skips compiling them (a no-op on Node 20). Not for the engine:
// it compiles once, and the cache's buffers would stay resident (about 4 MiB on Node 24).
if (!runsEngine) (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `upkeep logs x | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// `upkeep status` is what scripts and status bars poll: a bundle of its own, two files
// to load instead of about twenty (scripts/build.mjs builds both).
const bundle = word === 'status' ? './chunks/status.mjs' : './chunks/commands.mjs';
const entry = (await import(new URL(bundle, import.meta.url).href)) as CliEntry;
process.exitCode = await entry.main(argv);
