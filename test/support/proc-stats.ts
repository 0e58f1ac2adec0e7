/** A process's memory as the kernel reports it (Linux /proc/PID/status), in kB; null once it is gone. */
import { readFileSync } from 'node:fs';

export function memoryKb(pid: number): { rss: number; rssAnon: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: field('VmRSS'), rssAnon: field('RssAnon') };
}

/** The value below which `p` of the sorted samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}
