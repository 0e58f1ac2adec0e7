import { readdirSync, readFileSync } from 'node:fs';
import { readStat } from '../../app/os/proc-fs.ts';
import { isZombie } from '../../app/os/proc-stat.ts';

export function processesWithEnv(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      const stat = readStat(Number(entry));
      if (env.includes(needle) && stat && !isZombie(stat)) found.push(Number(entry));
    } catch {
      // vanished or not readable
    }
  }
  return found;
}
