/**
 * What a spawn costs a Node process as its resident memory grows. libuv
 * forks the whole parent to start a child, and the fork copies the page
 * tables of every resident anonymous page: a bigger engine pays more for
 * each start of a crash loop, before any of its own code runs.
 *
 *   node --import tsx bench/fork-cost.ts [extra MiB, …]   (default: 0 20 100)
 *
 * For each size, a fresh Node process holds that much extra memory (a
 * touched buffer, so it is resident), then spawns and reaps `true` 40 times,
 * 100 ms apart, and reports its own CPU (every thread's schedstat) per spawn.
 */
import { spawnSync } from 'node:child_process';

const sizes = process.argv.slice(2).map(Number);
const SPAWNS = 40;

// The child: runs the loop for one size and prints one JSON line.
const child = `
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
const held = Buffer.alloc(Number(process.argv[1]) * 1024 * 1024, 1);
const cpuMs = () => readdirSync('/proc/self/task').reduce((ns, t) => ns + Number(readFileSync('/proc/self/task/' + t + '/schedstat', 'utf8').split(' ')[0]), 0) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await sleep(1000);
let total = 0;
for (let i = 0; i < ${SPAWNS}; i += 1) {
  await sleep(100);
  const before = cpuMs();
  await new Promise((resolve, reject) => spawn('true', [], { stdio: 'ignore', detached: true }).once('exit', resolve).once('error', reject));
  total += cpuMs() - before;
}
const rssAnonKb = Number(/RssAnon:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
console.log(JSON.stringify({ rssAnonKb, perSpawnMs: total / ${SPAWNS}, held: held.length }));
`;

console.log(`Spawn and reap of \`true\`, CPU of the parent per spawn (${SPAWNS} spawns, Node ${process.version}):`);
for (const mib of sizes.length > 0 ? sizes : [0, 20, 100]) {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', child, String(mib)], { encoding: 'utf8', timeout: 60_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line) throw new Error(`the loop for ${mib} MiB failed: ${run.stderr || run.error?.message}`);
  const { rssAnonKb, perSpawnMs } = JSON.parse(line) as { rssAnonKb: number; perSpawnMs: number };
  console.log(`  +${String(mib).padStart(3)} MiB held: RssAnon ${(rssAnonKb / 1024).toFixed(1).padStart(5)} MiB, ${perSpawnMs.toFixed(2)} ms a spawn`);
}
