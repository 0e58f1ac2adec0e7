/**
 * Command health: run argv (no shell), exit 0 is healthy. The command gets its
 * own process group; on timeout the group and every descendant (found in the
 * process table, so one that left the group dies too) get SIGKILL, and after
 * a normal exit whatever it left running in its group goes the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { descendants, listProcesses } from '../os/table.ts';
import { timedOut, type CheckResult } from './result.ts';
import { signal } from '../runs/signal.ts';

/** Output kept for the detail line: the end is where the reason usually is. */
const TAIL_BYTES = 2048;
/** After SIGKILL the exit event comes at once; this only bounds a kernel that is very slow. */
const REAP_WAIT_MS = 2_000;


async function killTree(pid: number): Promise<void> {
  const table = await listProcesses({ wantCwd: () => false });
  signal(-pid, 'SIGKILL');
  signal(pid, 'SIGKILL');
  for (const entry of descendants(table, pid)) signal(entry.pid, 'SIGKILL');
}

function lastLine(output: string): string {
  const line = output.trim().split('\n').pop()?.trim() ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

export interface ExecCheckOptions {
  argv: string[];
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

function waitForExit(child: ChildProcess, boundMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const bound = setTimeout(done, boundMs);
    child.once('exit', () => {
      clearTimeout(bound);
      done();
    });
  });
}

export function execCheck(options: ExecCheckOptions): Promise<CheckResult> {
  const [file, ...args] = options.argv;
  if (!file) return Promise.resolve({ ok: false, detail: 'no command to run' });
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);

    let settled = false;
    let expired = false;
    const settle = (outcome: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A descendant may still hold our pipes open; we do not wait for it to close them.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      expired = true;
      const pid = child.pid;
      // Settle only once the command is gone: a check is never "over" while it still runs.
      void (pid === undefined ? Promise.resolve() : killTree(pid))
        .then(() => waitForExit(child, REAP_WAIT_MS))
        .then(() => settle(timedOut(options.timeoutMs)));
    }, options.timeoutMs);

    child.once('error', (error: NodeJS.ErrnoException) => settle({ ok: false, detail: `cannot run ${file}: ${error.code ?? error.message}` }));
    child.once('exit', (code, sig) => {
      if (expired) return;
      // What the command left running in its group goes with it. The group id stays
      // reserved while any member lives; with none left this finds nothing (ESRCH).
      if (child.pid !== undefined) signal(-child.pid, 'SIGKILL');
      if (code === 0) return settle({ ok: true, detail: 'exit 0' });
      const why = sig ? `killed by ${sig}` : `exited with code ${code}`;
      const tail = lastLine(output);
      settle({ ok: false, detail: tail ? `${why}: ${tail}` : why });
    });
  });
}
