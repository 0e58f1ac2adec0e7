/**
 * An engine in a child process (test/fixtures/fault-engine.ts), for tests
 * that kill the engine, race two of them, or measure it from outside. Every
 * child is SIGKILLed by pid when the test ends, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RestartTiming } from '../../app/supervisor/restart-policy.ts';
import { fixture } from './engine.ts';

/** What cleanup needs from a test (a TestContext, or a suite's own list run in its `after` hook). */
export interface Cleanup {
  after(fn: () => unknown): void;
}

export interface FaultEngineOptions {
  dataDir: string;
  timing?: Partial<RestartTiming>;
  /** Serve the dashboard too (renderer files from this folder). */
  dashboard?: { rendererDir: string };
  /** Load everything, print `loaded`, then wait for a line on stdin before taking the lock. */
  waitForGo?: boolean;
  /** Run with --expose-gc, so `heap()` measures what is retained after a full collection. */
  exposeGc?: boolean;
  /** No line per service event (a soak measures the engine, not this fixture's stdout). */
  quiet?: boolean;
  /** Rival detection on, reading system paths under `root` and with this PATH (stand-ins first); off when absent. */
  rivals?: { root: string; home: string; path?: string };
}

export type FaultLine =
  | { kind: 'loaded'; pid: number }
  | { kind: 'service'; name: string; state: string; pid: number | null; reason: string }
  | { kind: 'notice'; level: string; message: string }
  | { kind: 'ready'; pid: number; socket: string; dashboard: { port: number; token: string } | null }
  | { kind: 'heap'; heapUsed: number; rss: number; collected: boolean };

export type ReadyLine = Extract<FaultLine, { kind: 'ready' }>;
export type ServiceLine = Extract<FaultLine, { kind: 'service' }>;
export type HeapLine = Extract<FaultLine, { kind: 'heap' }>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineChild {
  pid: number;
  process: ChildProcess;
  /** Every line printed so far, in order. */
  lines: FaultLine[];
  /** The first line (already printed or still to come) that matches. */
  waitLine<T extends FaultLine>(match: (line: FaultLine) => line is T, what: string, timeoutMs?: number): Promise<T>;
  waitLine(match: (line: FaultLine) => boolean, what: string, timeoutMs?: number): Promise<FaultLine>;
  /** Resolves with the `ready` line; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<ReadyLine>;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  stderr(): string;
  /** Sends the start signal to a `waitForGo` engine. */
  go(): void;
  /** The engine's heap after a full GC (needs `exposeGc`), in bytes. */
  heap(): Promise<HeapLine>;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<Exit>;
}

export function spawnFaultEngine(t: Cleanup, options: FaultEngineOptions): EngineChild {
  const nodeArgs = options.exposeGc ? ['--expose-gc'] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', fixture('fault-engine.ts'), JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the engine process');
  const pid = child.pid;
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: FaultLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let exit: Exit | null = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr += text;
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as FaultLine);
    } catch {
      return; // a stray console.log from a library is not ours to parse
    }
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      for (const wake of [...waiters]) wake();
      resolve(exit);
    });
  });

  function waitLine(match: (line: FaultLine) => boolean, what: string, timeoutMs = 15_000): Promise<FaultLine> {
    return new Promise((resolve, reject) => {
      let seen = 0;
      const check = (): void => {
        for (; seen < lines.length; seen += 1) {
          const line = lines[seen]!;
          if (match(line)) return done(() => resolve(line));
        }
        if (exit) done(() => reject(new Error(`engine ${pid} exited (${JSON.stringify(exit)}) before ${what}; stderr: ${stderr.trim()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${stderr.trim()}`))), timeoutMs);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  }

  return {
    pid,
    process: child,
    lines,
    waitLine: waitLine as EngineChild['waitLine'],
    ready: (timeoutMs = 20_000) =>
      waitLine((line) => line.kind === 'ready', `engine ${pid} ready`, timeoutMs) as Promise<ReadyLine>,
    exited,
    stderr: () => stderr,
    go: () => void child.stdin.write('go\n'),
    heap() {
      const before = lines.filter((line) => line.kind === 'heap').length;
      let seen = 0;
      child.stdin.write('heap\n');
      return waitLine((line) => line.kind === 'heap' && ++seen > before, `engine ${pid} heap report`) as Promise<HeapLine>;
    },
    async kill() {
      if (!exit) child.kill('SIGKILL');
      return exited;
    },
  };
}

export const isServiceLine = (line: FaultLine): line is ServiceLine => line.kind === 'service';
