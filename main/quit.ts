/**
 * Quitting the app. Services may outlive it (they are adopted at the next
 * start), so quitting with services running asks: leave them running, stop
 * them, or cancel. Every way out (tray menu, Cmd+Q, the window's API call)
 * goes through `before-quit`, which is held until the engine has closed.
 */
import type { AppLike, DialogApi } from './electron-seams.ts';

export interface QuitOptions {
  app: AppLike;
  dialog: DialogApi;
  /** How many services have a process now (nothing to ask about when none do). */
  runningCount(): number;
  /** Closes the engine and everything around it. */
  shutDown(stopServices: boolean): Promise<void>;
  /** Called once the final quit has been requested. */
  done?(): void;
  /** A shutdown that failed half-way still quits; this hears why. */
  onError?(error: unknown): void;
}

export interface QuitFlow {
  /** True from the moment quitting is decided: windows then really close. */
  isQuitting(): boolean;
  /** Quits without asking (the choice was made elsewhere, or the engine is gone). */
  quitWith(stopServices: boolean): void;
}

export function setUpQuit(options: QuitOptions): QuitFlow {
  let phase: 'running' | 'asking' | 'closing' | 'done' = 'running';
  let decided: boolean | null = null;

  const close = async (stopServices: boolean) => {
    phase = 'closing';
    try {
      await options.shutDown(stopServices);
    } catch (error) {
      options.onError?.(error);
    } finally {
      phase = 'done';
      options.app.quit();
      options.done?.();
    }
  };

  const ask = async () => {
    phase = 'asking';
    const running = options.runningCount();
    if (running === 0) return close(false);
    const { response } = await options.dialog.showMessageBox({
      type: 'question',
      title: 'Quit Upkeep',
      message: 'Quit Upkeep?',
      detail:
        `${running === 1 ? '1 service is' : `${running} services are`} running. ` +
        'Left running, they are looked after again the next time Upkeep starts.',
      buttons: ['Leave Running', 'Stop Services', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    });
    if (response === 2) {
      phase = 'running';
      return;
    }
    return close(response === 1);
  };

  options.app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase !== 'running') return;
    if (decided !== null) void close(decided);
    else void ask();
  });

  return {
    isQuitting: () => phase === 'closing' || phase === 'done',
    quitWith(stopServices) {
      decided = stopServices;
      options.app.quit();
    },
  };
}
