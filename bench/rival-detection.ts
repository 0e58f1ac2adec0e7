// What one rival-detection run costs: wall time and the engine's CPU per run,
// with N extra processes in the table (each a `sleep`), and optionally a live
// PM2 daemon with one app (its `pm2 jlist` dominates a run), or, with
// --copies, N/2 of them `node server.js` copies of 20 services (the
// watchdog source reads every interpreter's script once per service).
//   node --import tsx bench/rival-detection.ts [N=500] [runs=10] [--pm2] [--copies]
// System and home paths are read under a temp root with a stand-in crontab,
// so the machine's own crontab, units and ~/.pm2 are not read.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listProcesses } from '../app/os/table.ts';
import { detectRivals } from '../app/rivals/detect.ts';
import { machineSeams } from '../app/rivals/seams.ts';

const [extra = 500, runs = 10] = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const withPm2 = process.argv.includes('--pm2');
const withCopies = process.argv.includes('--copies');
const SERVICES = 20;
const root = mkdtempSync(path.join(os.tmpdir(), 'upkeep-rival-bench-'));
const project = path.join(root, 'project');
mkdirSync(path.join(root, 'bin'), { recursive: true });
mkdirSync(project);
writeFileSync(path.join(project, 'ghost.py'), 'import time\ntime.sleep(600)\n');
writeFileSync(path.join(root, 'bin', 'crontab'), '#!/bin/sh\necho "* * * * * python3 /elsewhere/x.py"\n');
chmodSync(path.join(root, 'bin', 'crontab'), 0o755);
const env = { ...process.env, PATH: `${path.join(root, 'bin')}:${process.env.PATH ?? ''}` };
writeFileSync(path.join(project, 'server.js'), 'setTimeout(() => {}, 600_000);\n');
const children: ChildProcess[] = [];
const copies = withCopies ? Math.floor(extra / 2) : 0;
for (let i = 0; i < extra - copies; i += 1) children.push(spawn('sleep', ['600'], { stdio: 'ignore' }));
for (let i = 0; i < copies; i += 1) children.push(spawn(process.execPath, ['server.js', `--name=svc${i % SERVICES}`], { cwd: project, stdio: 'ignore' }));
const pm2Bin = path.resolve('node_modules/.bin/pm2');
const pm2Home = path.join(root, 'pm2');
if (withPm2) execFileSync(pm2Bin, ['start', 'ghost.py', '--interpreter', 'python3', '--name', 'ghost'], { cwd: project, env: { ...env, PM2_HOME: pm2Home, _: pm2Bin }, stdio: 'ignore' });

try {
  const seams = machineSeams({ root, home: '/home/bench', env });
  const targets = [
    { name: 'ghost', command: ['python3', 'ghost.py'], cwd: project, port: 5555 },
    ...(withCopies ? Array.from({ length: SERVICES }, (_, i) => ({ name: `svc${i}`, command: ['node', 'server.js', `--name=svc${i}`], cwd: project, port: 6000 + i })) : []),
  ];
  const table = (await listProcesses({ wantCwd: () => false })).length;
  await detectRivals({ seams, targets, ownedRuns: [] }); // warm up (module loading)
  const walls: number[] = [];
  const cpus: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await detectRivals({ seams, targets, ownedRuns: [] });
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    findings = result.findings.length;
    if (i === runs - 1 && result.notes.length > 0) console.log('notes:', result.notes.join('; '));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  console.log(
    `${table} processes${withPm2 ? ', PM2 running one app' : ''}${withCopies ? `, ${copies} node copies of ${SERVICES} services` : ''}: ${runs} runs, wall median ${median(walls).toFixed(1)} ms (max ${Math.max(...walls).toFixed(1)}), ` +
      `engine CPU median ${median(cpus).toFixed(1)} ms (max ${Math.max(...cpus).toFixed(1)}), ${findings} finding(s)`,
  );
} finally {
  if (withPm2) execFileSync(pm2Bin, ['kill'], { env: { ...env, PM2_HOME: pm2Home }, stdio: 'ignore' });
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
}
