/**
 * Everything rival detection reads from the machine goes through here, so a
 * test never reads (or, through a mistake, changes) the machine's own
 * crontab, units, agents or ~/.pm2:
 * - `sys(path)` maps every fixed system or home location (/etc/crontab,
 *   unit folders, LaunchAgents, ~/.pm2, /proc/PID/cgroup) under `root`;
 *   paths learned from a live process (a PM2_HOME, a `-c` config) are real;
 * - `run` runs systemctl / launchctl / crontab / pm2 with a time bound, on
 *   the PATH of `env` (tests put stand-ins first on it, or record calls).
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CommandResult {
  /** null when it could not run at all (not installed, timed out: see `error`). */
  code: number | null;
  stdout: string;
  stderr: string;
  error: string | null;
}

export type CommandRunner = (file: string, args: string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }) => Promise<CommandResult>;

export interface RivalSeams {
  /** Prefix for fixed system and home paths: '/' on a real machine, a temp dir in tests. */
  root: string;
  /** The engine's user's home, as the machine knows it (joined under `root`). */
  home: string;
  /** The engine's own uid: what it owns, a takeover may change. */
  uid: number;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  run: CommandRunner;
  /** The owner of a running process; null when unknown. */
  processUid(pid: number): number | null;
}

const COMMAND_TIMEOUT_MS = 3_000;
const MAX_OUTPUT = 16 * 1024 * 1024;

export function defaultRunner(baseEnv: NodeJS.ProcessEnv): CommandRunner {
  return (file, args, options = {}) =>
    new Promise((resolve) => {
      execFile(
        file,
        args,
        { env: options.env ?? baseEnv, timeout: options.timeoutMs ?? COMMAND_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true },
        (error, stdout, stderr) => {
          const failure = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
          if (!failure) return resolve({ code: 0, stdout, stderr, error: null });
          if (typeof failure.code === 'number') return resolve({ code: failure.code, stdout, stderr, error: null });
          const why = failure.killed ? `timed out after ${options.timeoutMs ?? COMMAND_TIMEOUT_MS} ms` : String(failure.code ?? failure.message);
          resolve({ code: null, stdout, stderr, error: `${file}: ${why}` });
        },
      );
    });
}

function linuxProcessUid(pid: number): number | null {
  try {
    return statSync(`/proc/${pid}`).uid;
  } catch {
    return null;
  }
}

export interface SeamOptions {
  root?: string;
  home?: string;
  env?: NodeJS.ProcessEnv;
  run?: CommandRunner;
  processUid?: (pid: number) => number | null;
}

export function machineSeams(options: SeamOptions = {}): RivalSeams {
  const env = options.env ?? process.env;
  return {
    root: options.root ?? '/',
    home: options.home ?? os.homedir(),
    uid: process.getuid?.() ?? 0,
    platform: process.platform,
    env,
    run: options.run ?? defaultRunner(env),
    processUid: options.processUid ?? (process.platform === 'linux' ? linuxProcessUid : () => null),
  };
}

/** A fixed system path (`/etc/crontab`) or home path (`~/Library/LaunchAgents`) as read through the seam. */
export function sysPath(seams: RivalSeams, file: string): string {
  const absolute = file.startsWith('~/') ? path.join(seams.home, file.slice(2)) : file;
  return seams.root === '/' ? absolute : path.join(seams.root, absolute);
}
