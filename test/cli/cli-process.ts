/** Runs the built CLI (dist/cli.mjs) as a real child process against a temp UPKEEP_HOME. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.mjs');

export function assertBuilt(): void {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // Rival detection reads the machine's crontab, units and ~/.pm2: off unless a test turns it on (with its own root).
  const env: NodeJS.ProcessEnv = { ...process.env, UPKEEP_HOME: home, UPKEEP_RIVALS: 'off', ...extra };
  // An engine's run tags must not leak from whatever started the tests.
  delete env.UPKEEP_RUN_ID;
  delete env.UPKEEP_SERVICE;
  return env;
}

/** One CLI call to completion; killed (and failed) if it runs past the deadline. */
export function runCli(home: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(home, options.env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`upkeep ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running CLI process (daemon, logs -f) whose output a test can wait on. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: Array<() => void> = [];

  constructor(t: TestContext, home: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
    const wake = (): void => this.waiters.splice(0).forEach((fn) => fn());
    this.child.stdout?.on('data', (chunk: Buffer) => ((this.stdout += chunk.toString()), wake()));
    this.child.stderr?.on('data', (chunk: Buffer) => ((this.stderr += chunk.toString()), wake()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => (wake(), resolve({ code, signal }))));
    t.after(() => {
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    });
  }

  get pid(): number {
    assert.ok(this.child.pid, 'the CLI process did not start');
    return this.child.pid;
  }

  /** Resolves with the first stdout match; fails with what was printed when the deadline passes or the process ends. */
  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      const ended = this.child.exitCode !== null || this.child.signalCode !== null;
      const left = deadline - Date.now();
      if (ended || left <= 0) {
        throw new Error(`no ${pattern} in the output (${ended ? 'process ended' : 'timed out'}); stdout: ${this.stdout}; stderr: ${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }
}

/** One CLI call that must succeed; its stdout. */
export async function runCliOk(home: string, args: string[], cwd?: string): Promise<string> {
  const result = await runCli(home, args, { cwd });
  assert.equal(result.code, 0, `upkeep ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}
