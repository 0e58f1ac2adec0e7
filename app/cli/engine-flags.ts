/**
 * How a process that runs the engine (`upkeep daemon`, `upkeep serve`) sizes
 * its memory. The engine lives for days, mostly idle, and allocates in small,
 * short-lived pieces (a status reply, a health check, a restart); nothing it
 * does is hot enough to pay for memory kept in reserve.
 *
 * - `--max-semi-space-size=1`: under such churn V8 grows its young generation
 *   up to 16 MiB a semi-space and keeps the pages resident: RssAnon went from
 *   54 to 102 MiB in the 10-minute soak on Node 24. Capped at 1 MiB, a
 *   scavenge runs more often but each one finds almost nothing alive.
 * - `--optimize-for-size`: V8 grows the old generation less eagerly and
 *   reduces memory sooner.
 * - `MALLOC_ARENA_MAX=1` (glibc): each of Node's threads (V8's workers,
 *   libuv's pool) otherwise gets a malloc arena of its own, each keeping freed
 *   memory. With 20 services on Node 24 the two together took RssAnon from
 *   35.7 to 30.0 MiB (bench/README.md).
 *
 * Flags that size the heap only act on the command line, and glibc reads its
 * variable once, at exec: the process re-executes itself in place (same pid,
 * same fds) before loading anything, with `process.execve` (Node ≥ 22.15, the
 * Node Electron 45 ships). On an older Node it runs without them. The
 * variable is the engine's, not its services': the re-executed process takes
 * it out of its environment again unless it was there before.
 */
export const ENGINE_V8_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'] as const;
export const ENGINE_ENV: Readonly<Record<string, string>> = process.platform === 'linux' ? { MALLOC_ARENA_MAX: '1' } : {};
/** Names the variables the re-exec added, for the re-executed process to take out. */
const ADDED_ENV = 'UPKEEP_ENGINE_ADDED_ENV';

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

export function reexecWithEngineFlags(): void {
  forgetAddedEnv();
  const execve = (process as { execve?: Execve }).execve;
  if (typeof execve !== 'function') return;
  const missing = ENGINE_V8_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return;
  const added = Object.keys(ENGINE_ENV).filter((name) => process.env[name] === undefined);
  const env = { ...process.env, ...Object.fromEntries(added.map((name) => [name, ENGINE_ENV[name]])), [ADDED_ENV]: added.join(',') };
  execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)], env);
}

function forgetAddedEnv(): void {
  const added = process.env[ADDED_ENV];
  if (added === undefined) return;
  for (const name of added.split(',')) if (name in ENGINE_ENV) delete process.env[name];
  delete process.env[ADDED_ENV];
}
