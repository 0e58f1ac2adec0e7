/**
 * What the window's live pictures cost the engine: its own CPU per minute
 * with N services (a) with nobody looking, (b) with a visible window as the
 * renderer drives it (subscribe with metrics, `list` with metrics every 3 s),
 * (c) the same plus `recentUsage` for the selected service every 2 s (the
 * sparklines).
 *
 *   node --import tsx bench/sparkline-cost.ts [N=10] [seconds=60]
 *
 * Runs the built CLI (`node scripts/build.mjs` first) as `upkeep daemon` on a
 * temp UPKEEP_HOME; everything it starts is stopped by pid at the end.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectControl } from '../app/control/client.ts';
import { dataPaths } from '../app/paths.ts';
import { cpuSince, cpuSnapshot } from './lib/proc.ts';
import { removeTempRoot, tempDir } from './lib/temp.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const services = Number(process.argv[2] ?? 10);
const seconds = Number(process.argv[3] ?? 60);
const home = tempDir('spark');
const paths = dataPaths(home);
const forever = path.join(ROOT, 'test', 'fixtures', 'forever.mjs');
writeFileSync(
  paths.config,
  JSON.stringify({ schemaVersion: 1, services: Array.from({ length: services }, (_, i) => ({ name: `s${i}`, command: [process.execPath, forever] })) }),
);

const daemon = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.mjs'), 'daemon'], { env: { ...process.env, UPKEEP_HOME: home }, stdio: 'ignore' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function client() {
  for (let i = 0; i < 100; i += 1) {
    try {
      return await connectControl(paths.socket);
    } catch {
      await sleep(100);
    }
  }
  throw new Error('the daemon did not open its socket');
}

const perMinute = (ms: number) => (ms * 60) / seconds;

try {
  const c = await client();
  for (let i = 0; i < 100 && (await c.call('list', {})).services.some((s) => s.state !== 'running'); i += 1) await sleep(100);
  await sleep(10_000); // past start-up and V8's first collections

  const idleFrom = cpuSnapshot(daemon.pid!);
  await sleep(seconds * 1000);
  const idle = cpuSince(daemon.pid!, idleFrom);

  // The window as it was before the sparklines: subscribed with metrics, a list with figures every 3 s.
  await c.call('subscribe', { services: true, metrics: true });
  const lists = setInterval(() => void c.call('list', { metrics: true }), 3_000);
  await sleep(3_000);
  const windowFrom = cpuSnapshot(daemon.pid!);
  await sleep(seconds * 1000);
  const windowOnly = cpuSince(daemon.pid!, windowFrom);

  // The same window with the sparklines of the selected service polling for new samples.
  const visibleFrom = cpuSnapshot(daemon.pid!);
  let last = 0;
  let samples = 0;
  const sparks = setInterval(() => {
    void c.call('recentUsage', last === 0 ? { name: 's0' } : { name: 's0', since: last }).then((r) => {
      samples += r.samples.length;
      last = r.samples.at(-1)?.at ?? last;
    });
  }, 2_000);
  await sleep(seconds * 1000);
  clearInterval(lists);
  clearInterval(sparks);
  const visible = cpuSince(daemon.pid!, visibleFrom);
  const kept = (await c.call('recentUsage', { name: 's0' })).samples.length;
  await c.call('stop', { name: 'all' });
  c.close();

  console.log(`${services} services, ${seconds} s per phase, engine pid ${daemon.pid}`);
  console.log(`nobody looking:                  ${perMinute(idle.ms).toFixed(1)} ms CPU per minute`);
  console.log(`window visible, no sparklines:   ${perMinute(windowOnly.ms).toFixed(1)} ms CPU per minute`);
  console.log(`window visible, with sparklines: ${perMinute(visible.ms).toFixed(1)} ms CPU per minute (${samples} samples fetched; ${kept} kept for s0)`);
  console.log(`visible vs nobody looking: +${perMinute(visible.ms - idle.ms).toFixed(1)} ms per minute = ${((visible.ms - idle.ms) / (seconds * 10)).toFixed(2)} % of one core; the sparklines' share: ${perMinute(visible.ms - windowOnly.ms).toFixed(1)} ms per minute`);
} finally {
  daemon.kill('SIGTERM');
  await new Promise((resolve) => daemon.once('exit', resolve));
  removeTempRoot();
}
