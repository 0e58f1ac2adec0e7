/**
 * Real child processes for the processes/ports/health/metrics tests: spawned
 * in their own group, awaited until they print their first line (bounded),
 * and killed by pid and group when the test ends.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import type { TestContext } from 'node:test';
import { killAtEnd } from './processes.ts';

export interface Started {
  pid: number;
  /** The first line the child printed (a port, pids as JSON, "ready"). */
  line: string;
}

/** Node code run with `node -e`: the argv shows as [node, -e, CODE, ...args]. */
export const nodeCode = (code: string, ...args: string[]): string[] => [process.execPath, '-e', code, ...args];

/** Listens on argv[1] (host, default 127.0.0.1) port 0 and prints the port. */
export const LISTEN = "const s = require('net').createServer(() => {}); s.listen(0, process.argv[1] || '127.0.0.1', () => console.log(s.address().port)); setInterval(() => {}, 1 << 30);";

/** Stays up and says so. */
export const IDLE = "console.log('ready'); setInterval(() => {}, 1 << 30);";

/** Starts argv[1] idle children and prints their pids as JSON once all run. */
export const PARENT_OF_N = `
const { spawn } = require('child_process');
const kids = Array.from({ length: Number(process.argv[1]) }, () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' }));
Promise.all(kids.map((k) => new Promise((r) => k.once('spawn', r)))).then(() => console.log(JSON.stringify(kids.map((k) => k.pid))));
setInterval(() => {}, 1 << 30);`;

export function startChild(t: TestContext, argv: string[], options: SpawnOptions = {}, timeoutMs = 10_000): Promise<Started> {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  killAtEnd(t, () => [child.pid]);
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${argv.join(' ')} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${argv.join(' ')} exited with ${code} before printing`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end < 0 || child.pid === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.destroy();
      resolve({ pid: child.pid, line: buffered.slice(0, end).trim() });
    });
  });
}
