/**
 * A supervisor daemon the bench started as its own child (Upkeep's daemon,
 * supervisord -n): its pid, its exit, and stopping it by that pid only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { sleep } from './wait.ts';

export class DaemonProcess {
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private done = false;

  constructor(file: string, args: string[], env: NodeJS.ProcessEnv, outputFile: string) {
    const out = openSync(outputFile, 'a');
    this.child = spawn(file, args, { env, stdio: ['ignore', out, out] });
    closeSync(out);
    if (this.child.pid === undefined) throw new Error(`cannot start ${file}`);
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    void this.exited.then(() => (this.done = true));
  }

  get running(): boolean {
    return !this.done;
  }

  /** Resolves true if it exited within `ms`. */
  async waitExit(ms: number): Promise<boolean> {
    await Promise.race([this.exited, sleep(ms)]);
    return this.done;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; always by our own child's pid. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.done) return;
    this.child.kill('SIGTERM');
    if (await this.waitExit(graceMs)) return;
    this.child.kill('SIGKILL');
    await this.waitExit(5_000);
  }
}
