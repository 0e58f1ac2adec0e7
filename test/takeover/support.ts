/** Stand-ins for a takeover's outside world: a crontab kept in a temp file, a recorded systemctl/launchctl, a runner copy. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { commandRunner, type CommandResult, type CommandRunner } from '../../app/takeover/run-command.ts';
import { fixture } from '../support/engine.ts';
import { canConnect } from '../support/ports.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

/** A `crontab` first on PATH that reads and writes $UPKEEP_TEST_CRONTAB instead of the machine's crontab. */
export function standInCrontab(t: TestContext, initial: string | null): { file: string; env: NodeJS.ProcessEnv } {
  const dir = tempHome(t);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const file = path.join(dir, 'crontab.txt');
  if (initial !== null) writeFileSync(file, initial);
  const script = path.join(bin, 'crontab');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'f="$UPKEEP_TEST_CRONTAB"',
      'case "$1" in',
      '  -l) if [ -f "$f" ]; then cat "$f"; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;',
      '  -) cat > "$f" ;;',
      '  *) echo "stand-in crontab: only -l and - (got $*)" >&2; exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  return { file, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, UPKEEP_TEST_CRONTAB: file } };
}

export interface RecordedCall {
  file: string;
  args: string[];
}

/**
 * systemctl and launchctl are recorded and answered from `answers` (by the
 * first arguments joined); everything else runs for real.
 */
export function recordingRunner(env: NodeJS.ProcessEnv, answers: Record<string, Partial<CommandResult>> = {}): { run: CommandRunner; calls: RecordedCall[] } {
  const real = commandRunner(env);
  const calls: RecordedCall[] = [];
  const run: CommandRunner = async (file, args, options) => {
    const tool = path.basename(file);
    if (tool !== 'systemctl' && tool !== 'launchctl') return real(file, args, options);
    calls.push({ file: tool, args });
    const key = `${tool} ${args.filter((a) => a !== '--user').slice(0, 1).join(' ')}`;
    return { code: 0, stdout: '', stderr: '', error: null, ...answers[key] };
  };
  return { run, calls };
}

/** The runner (test/fixtures/health-server.mjs) on `port`, started outside Upkeep, killed at the end. */
export async function runnerCopy(t: TestContext, port: number, cwd: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixture('health-server.mjs')], { cwd, env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true });
  killAtEnd(t, () => [child.pid]);
  await waitFor(() => canConnect(port), `the runner copy on ${port}`);
  return child;
}

export const runnerCommand = (): string[] => [process.execPath, fixture('health-server.mjs')];
