/**
 * The one way a takeover runs another tool (pm2, supervisorctl, crontab,
 * systemctl, launchctl): bounded in time and output, never through a shell,
 * with input for `crontab -`. Tests hand in a runner that records the calls.
 * Under the test runner (UPKEEP_TEST=1) the real runner refuses systemctl
 * and launchctl: as root their unit-file commands really work even without
 * systemd, so a test that missed the seam would change the machine.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CommandResult {
  /** null when it could not run at all (not installed, timed out: see `error`). */
  code: number | null;
  stdout: string;
  stderr: string;
  error: string | null;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

export type CommandRunner = (file: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

const COMMAND_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 16 * 1024 * 1024;
const MACHINE_WIDE = new Set(['systemctl', 'launchctl']);

export function commandRunner(baseEnv: NodeJS.ProcessEnv): CommandRunner {
  return (file, args, options = {}) =>
    new Promise((resolve) => {
      const env = options.env ?? baseEnv;
      if (process.env.UPKEEP_TEST === '1' && MACHINE_WIDE.has(path.basename(file))) {
        resolve({ code: null, stdout: '', stderr: '', error: `${file}: refused under the test runner (hand in a recording runner)` });
        return;
      }
      const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
      const child = execFile(file, args, { env, timeout: timeoutMs, maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        if (!failure) return resolve({ code: 0, stdout, stderr, error: null });
        if (typeof failure.code === 'number') return resolve({ code: failure.code, stdout, stderr, error: null });
        const why = failure.killed ? `timed out after ${timeoutMs} ms` : String(failure.code ?? failure.message);
        resolve({ code: null, stdout, stderr, error: `${file}: ${why}` });
      });
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
}

/** `file args…` as a person would type it, for plans and error messages. */
export function commandText(file: string, args: readonly string[], env: Record<string, string> = {}): string {
  const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
  const prefix = Object.entries(env).map(([key, value]) => `${key}=${quote(value)} `).join('');
  return `${prefix}${[file, ...args].map(quote).join(' ')}`;
}

/** Throws with the tool's own words when it failed. */
export function expectSuccess(result: CommandResult, what: string): CommandResult {
  if (result.code === 0) return result;
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-2).join(' ');
  throw new Error(`${what} failed: ${result.error ?? `exit code ${result.code}`}${said ? ` (${said})` : ''}`);
}
