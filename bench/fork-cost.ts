/**
 * What a spawn costs a Node process as its resident memory grows. libuv
 * forks the whole parent to start a child, and the fork copies the page
 * tables of every resident anonymous page: a bigger engine pays more for
 * each start of a crash loop, before any of its own code runs.
 *
 *   node --import tsx bench/fork-cost.ts [extra MiB, …]   (default: 0 20 100)
 *
 * For each size, a fresh Node process holds that much extra memory (a
 * touched buffer, so it is resident), then spawns and reaps `true` SPAWNS
 * times, 100 ms apart. Its CPU (every thread's schedstat) and RssAnon are
 * read from here, around the loop only.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { memory, schedCpuMs } from './lib/proc.ts';

const sizes = process.argv.slice(2).map(Number);
const SPAWNS = 40;
/** Far above a loop's 40 × 100 ms: a loop that hangs fails the run instead of waiting for ever. */
const LOOP_TIMEOUT_MS = 60_000;

// The loop: says "ready" once settled, runs on "go", says "done", exits when its stdin closes.
const loop = `
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
const held = Buffer.alloc(Number(process.argv[1]) * 1024 * 1024, 1);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const lines = createInterface({ input: process.stdin });
await sleep(1000);
console.log('ready');
for await (const line of lines) {
  if (line !== 'go') continue;
  for (let i = 0; i < ${SPAWNS}; i += 1) {
    await sleep(100);
    await new Promise((resolve, reject) => spawn('true', [], { stdio: 'ignore', detached: true }).once('exit', resolve).once('error', reject));
  }
  console.log('done', held.length);
}
`;

async function measure(mib: number): Promise<{ rssAnonKb: number; perSpawnMs: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', loop, String(mib)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), LOOP_TIMEOUT_MS);
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (expected: string): Promise<void> => {
      const { value, done } = await lines.next();
      if (done || !String(value).startsWith(expected)) throw new Error(`the loop for ${mib} MiB did not say "${expected}" (exit ${child.exitCode ?? child.signalCode})`);
    };
    await next('ready');
    const before = schedCpuMs(child.pid ?? 0);
    child.stdin.write('go\n');
    await next('done');
    const perSpawnMs = (schedCpuMs(child.pid ?? 0) - before) / SPAWNS;
    return { rssAnonKb: memory(child.pid ?? 0).rssAnonKb, perSpawnMs };
  } finally {
    clearTimeout(timer);
    child.stdin.end();
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
}

console.log(`Spawn and reap of \`true\`, CPU of the parent per spawn (${SPAWNS} spawns, Node ${process.version}):`);
for (const mib of sizes.length > 0 ? sizes : [0, 20, 100]) {
  const { rssAnonKb, perSpawnMs } = await measure(mib);
  console.log(`  +${String(mib).padStart(3)} MiB held: RssAnon ${(rssAnonKb / 1024).toFixed(1).padStart(5)} MiB, ${perSpawnMs.toFixed(2)} ms a spawn`);
}
