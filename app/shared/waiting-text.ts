/** A service's state in a few words, with what a waiting one waits for: the CLI table, the tray menu and the window say it alike. */
import type { ServiceState, WaitingFor } from '../api.ts';

export function stateText(status: { state: ServiceState; waitingFor: WaitingFor | null }): string {
  const wait = status.waitingFor;
  if (status.state !== 'waiting' || wait === null) return status.state;
  return wait.detail.startsWith('waiting ') ? wait.detail : `waiting, ${wait.detail}`;
}
