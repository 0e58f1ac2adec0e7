/**
 * CPU of this process's main thread, in ms: the engine under test runs there.
 * process.cpuUsage() counts every thread, and with them the TS loader's worker
 * thread (tsx), which on its own spends ~60 ms in 20 s of idle. Linux reads
 * /proc; elsewhere it falls back to the whole process.
 */
import { readFileSync } from 'node:fs';

export function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
}
