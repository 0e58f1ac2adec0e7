/**
 * The Upkeep window. Closing it only hides it: the app lives in the tray and
 * the engine keeps supervising. Its size and place are remembered (and
 * ignored if that place is no longer on any screen).
 */
import type { Bounds, ScreenApi, WindowClass, WindowLike } from './electron-seams.ts';
import type { SettingsStore } from './settings-store.ts';

export interface CreateWindowOptions {
  preload: string;
  rendererIndex: string;
  icon?: string;
  store: SettingsStore;
  screen: ScreenApi;
  /** True once the app is quitting: then closing really closes. */
  isQuitting(): boolean;
  /** Show as soon as the page is ready (false when started at login: the tray is enough). */
  showWhenReady: boolean;
}

export interface ShellWindow {
  readonly window: WindowLike;
  show(): void;
  /** Shows the window on a service's logs (the renderer reads `#logs/<name>`). */
  showLogs(name: string): void;
  destroy(): void;
}

const DEFAULT_SIZE = { width: 980, height: 680 };

export function createWindow(BrowserWindow: WindowClass, options: CreateWindowOptions): ShellWindow {
  const saved = options.store.get('windowBounds');
  const bounds = saved && isOnScreen(saved, options.screen) ? saved : DEFAULT_SIZE;
  const window = new BrowserWindow({
    title: 'Upkeep',
    ...bounds,
    minWidth: 560,
    minHeight: 400,
    show: false,
    ...(options.icon ? { icon: options.icon } : {}),
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in new windows; those are denied anyway, this stops the attempt.
      disableBlinkFeatures: 'Auxclick',
    },
  });

  const saveBounds = () => {
    if (!window.isDestroyed()) options.store.set('windowBounds', window.getNormalBounds());
  };
  window.on('resize', saveBounds);
  window.on('moved', saveBounds);
  window.on('close', (event) => {
    saveBounds();
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });

  const show = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  if (options.showWhenReady) window.once('ready-to-show', show);
  let loaded: Promise<void> = window.loadFile(options.rendererIndex).catch(() => undefined);

  return {
    window,
    show,
    showLogs(name) {
      // Same document, new hash: the page switches to the service without reloading.
      loaded = loaded.then(() => window.loadFile(options.rendererIndex, { hash: `logs/${encodeURIComponent(name)}` })).catch(() => undefined);
      show();
    },
    destroy() {
      if (!window.isDestroyed()) window.destroy();
    },
  };
}

function isOnScreen(bounds: Bounds, screen: ScreenApi): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const overlapX = Math.min(bounds.x + bounds.width, a.x + a.width) - Math.max(bounds.x, a.x);
    const overlapY = Math.min(bounds.y + bounds.height, a.y + a.height) - Math.max(bounds.y, a.y);
    return overlapX >= 100 && overlapY >= 50;
  });
}
