// How long `upkeep status --json` takes against a running daemon with a few
// services (spawn → exit, median of 20), next to a bare `node -e 0` and
// `upkeep --version` (what node itself and loading the CLI bundle cost), and
// the in-process control-socket round trip (connect + list + close, and list
// on an open connection). Prints figures; not a test.
//
//   npm run build && node --import tsx bench/cli-status.mjs [CLI_BUNDLE]
// (CLI_BUNDLE defaults to dist/cli.mjs; pass another build to compare.)
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectControl } from '../app/control/client.ts';
import { dataPaths } from '../app/paths.ts';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CLI = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist', 'cli.mjs'));
const RUNS = 20;
const SERVICES = 4;

if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-'));
const env = { ...process.env, UPKEEP_HOME: home, NO_COLOR: '1' };
const cli = (args) => execFileSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * values.length) - 1)];

function timeProcess(args, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs + 2; i += 1) {
    const started = performance.now();
    execFileSync(process.execPath, args, { env, stdio: 'ignore' });
    if (i >= 2) times.push(performance.now() - started); // two warm-up runs fill the page cache
  }
  return times;
}

async function waitFor(probe, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (let i = 0; i < SERVICES; i += 1) {
  cli(['add', `svc-${i}`, '--', process.execPath, '-e', 'setInterval(() => {}, 1 << 30)']);
}
const daemon = spawn(process.execPath, [CLI, 'daemon'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let servicePids = [];
try {
  let out = '';
  daemon.stdout.on('data', (chunk) => (out += chunk));
  await waitFor(() => out.includes('upkeep engine running'), 'the daemon to start');
  servicePids = await waitFor(() => {
    const services = JSON.parse(cli(['status', '--json']));
    return services.filter((s) => s.state === 'running').length === SERVICES ? services.map((s) => s.pid) : null;
  }, 'every service to run');

  const bare = timeProcess(['-e', '0']);
  const version = timeProcess([CLI, '--version']);
  const status = timeProcess([CLI, 'status', '--json']);

  const socket = dataPaths(home).socket;
  const oneShot = [];
  for (let i = 0; i < 50; i += 1) {
    const started = performance.now();
    const client = await connectControl(socket);
    await client.call('list', {});
    client.close();
    oneShot.push(performance.now() - started);
  }
  const client = await connectControl(socket);
  const onOpen = [];
  for (let i = 0; i < 200; i += 1) {
    const started = performance.now();
    await client.call('list', {});
    onOpen.push(performance.now() - started);
  }
  await client.call('shutdown', { stopServices: true });
  client.close();

  const row = (label, values) => `${label.padEnd(44)} median ${median(values).toFixed(1).padStart(7)} ms   p95 ${p95(values).toFixed(1).padStart(7)} ms   (n=${values.length})`;
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${SERVICES} services running, bundle ${(fs.statSync(CLI).size / 1024).toFixed(0)} KiB`);
  console.log(row('node -e 0 (node start-up alone)', bare));
  console.log(row('upkeep --version (start-up + bundle load)', version));
  console.log(row('upkeep status --json (full round trip)', status));
  console.log(row('  of which over node start-up', status.map((t) => t - median(bare))));
  console.log(row('in-process: connect + list + close', oneShot));
  console.log(row('in-process: list on an open connection', onOpen));
  await waitFor(() => daemon.exitCode !== null, 'the daemon to exit after shutdown');
} finally {
  if (daemon.exitCode === null) daemon.kill('SIGKILL');
  for (const pid of servicePids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // stopped by shutdown already
    }
  }
  fs.rmSync(home, { recursive: true, force: true });
}
