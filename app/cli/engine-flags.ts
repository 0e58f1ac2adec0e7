/**
 * V8 flags for a process that runs the engine (`upkeep daemon`, `upkeep serve`).
 *
 * The engine lives for days and allocates in small, short-lived pieces (a
 * status reply, a health check, a restart). V8 grows its young generation
 * under such churn up to 16 MiB a semi-space and keeps the pages resident:
 * RssAnon went from 54 to 102 MiB in the 10-minute soak on Node 24. Capped at
 * 1 MiB, a scavenge runs more often but each one finds almost nothing alive.
 *
 * Flags that size the heap only act on the command line, so the process
 * re-executes itself in place (same pid, same fds) with them, before loading
 * anything: `process.execve`, Node ≥ 22.15 (the Node Electron 45 ships). On an
 * older Node it runs without them.
 */
export const ENGINE_V8_FLAGS = ['--max-semi-space-size=1'] as const;

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

export function reexecWithEngineFlags(): void {
  const execve = (process as { execve?: Execve }).execve;
  if (typeof execve !== 'function') return;
  const missing = ENGINE_V8_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return;
  execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
