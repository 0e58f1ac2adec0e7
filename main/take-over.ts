/**
 * Starting the engine inside the app when a headless one (`upkeep daemon` or
 * `upkeep serve`) already holds the data dir's lock: say so, and if the person
 * agrees, ask that engine to exit over the control socket, leaving its
 * services running, then take the lock and adopt them (same pids).
 */
import type { EngineHandle } from '../app/api.ts';
import type { ControlClient } from '../app/control/client.ts';
import { EngineLockedError } from '../app/lock/engine-lock.ts';
import type { DialogApi } from './electron-seams.ts';

export interface TakeOverOptions {
  start(): Promise<EngineHandle>;
  dialog: DialogApi;
  connect(socketPath: string): Promise<ControlClient>;
  socketPath: string;
  /** How long the old engine gets to let go of the lock. */
  timeoutMs?: number;
  pollMs?: number;
}

/** The engine, or null when the person chose not to take over (the app should quit). */
export async function startOrTakeOver(options: TakeOverOptions): Promise<EngineHandle | null> {
  let locked: EngineLockedError;
  try {
    return await options.start();
  } catch (error) {
    if (!(error instanceof EngineLockedError)) throw error;
    locked = error;
  }
  const { response } = await options.dialog.showMessageBox({
    type: 'question',
    title: 'Upkeep',
    message: 'Upkeep is already running in the background',
    detail:
      `An engine started from the command line (upkeep daemon or upkeep serve, pid ${locked.pid}) supervises your services. ` +
      'Take over? It will exit, your services keep running, and the app looks after them from now on.',
    buttons: ['Take Over', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return null;

  const client = await options.connect(options.socketPath).catch((error: unknown) => {
    throw new Error(`could not reach the running engine (pid ${locked.pid}) at ${options.socketPath}: ${(error as Error).message}`);
  });
  try {
    await client.call('shutdown', { stopServices: false });
  } finally {
    client.close();
  }
  return waitForLock(options);
}

/** Tries to start until the old engine has released the lock, within the deadline. */
async function waitForLock(options: TakeOverOptions): Promise<EngineHandle> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    try {
      return await options.start();
    } catch (error) {
      if (!(error instanceof EngineLockedError)) throw error;
      if (Date.now() >= deadline) {
        throw new Error(`the running engine (pid ${error.pid}) did not let go within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`, { cause: error });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}
