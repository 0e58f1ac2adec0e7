/** Sends a signal, ignoring a process that is already gone (or not ours): the caller checks what is left. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already, or not ours
  }
}
