/** What ran the bench: figures only mean something next to the machine and the versions. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  kernel: string;
  upkeep: string;
  pm2: string | null;
  supervisord: string | null;
  commit: string | null;
  /** Uncommitted changes in the tree the engine was built from (other engineers work in it too). */
  dirty: boolean | null;
  /** 1-minute load average when the run started: other work on a shared machine shows up here. */
  load: number;
}

function quiet(file: string, args: string[]): string | null {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function packageVersion(file: string): string | null {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

export function describeMachine(): Machine {
  const status = quiet('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
    upkeep: packageVersion('package.json') ?? 'unknown',
    pm2: packageVersion('node_modules/pm2/package.json'),
    supervisord: quiet('/usr/bin/supervisord', ['--version']),
    commit: quiet('git', ['rev-parse', '--short', 'HEAD']),
    dirty: status === null ? null : status !== '',
    load: os.loadavg()[0] ?? 0,
  };
}

export function machineLine(m: Machine): string {
  const tree = m.commit ? ` @ ${m.commit}${m.dirty ? ' + uncommitted changes' : ''}` : '';
  return [
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB RAM, Linux ${m.kernel}, Node ${m.node}.`,
    `Versions: Upkeep ${m.upkeep}${tree}; PM2 ${m.pm2 ?? 'absent'}; supervisord ${m.supervisord ?? 'absent'}.`,
    `Load average (1 min) at start: ${m.load.toFixed(1)}.`,
    ...(m.cores <= 2 ? [`Note: only ${m.cores} cores — supervisors, services and the bench share them; compare ratios, not absolute times.`] : []),
  ].join('\n');
}
