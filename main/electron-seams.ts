/**
 * The slice of Electron the shell uses, as narrow interfaces. Each module
 * receives the pieces it needs (STYLE.md, "Seams for the outside world"):
 * main.ts hands in the real electron module, which the compiler checks
 * against these; tests hand in the recording fake in test/mocks/electron.ts.
 */

/** What a menu is to the shell: something built from a template and handed to the tray. */
export type MenuLike = object;

export interface MenuItemOptions {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  toolTip?: string;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

export interface MenuApi {
  buildFromTemplate(template: MenuItemOptions[]): MenuLike;
}

/** Images are given as file paths: Electron then picks `@2x` files and `…Template` names by itself. */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): this;
  destroy(): void;
}

export type TrayClass = new (image: string) => TrayLike;

export interface MessageBoxOptions {
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  title?: string;
  message: string;
  detail?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
  noLink?: boolean;
}

export interface DialogApi {
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
}

export interface ShellApi {
  openExternal(url: string): Promise<void>;
}

export interface ClipboardApi {
  writeText(text: string): void;
}

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): this;
}

export type NotificationClass = (new (options: { title: string; body: string; silent?: boolean }) => NotificationLike) & {
  isSupported(): boolean;
};

export interface PreventableEvent {
  preventDefault(): void;
}

/** A frame as IPC sees it (WebFrameMain). */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly routingId: number;
  readonly processId: number;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): this;
  on(event: 'did-navigate', listener: () => void): this;
  once(event: 'destroyed', listener: () => void): this;
}

export interface InvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  experimentalFeatures: boolean;
  webviewTag: boolean;
  navigateOnDragDrop: boolean;
  spellcheck: boolean;
  disableBlinkFeatures: string;
}

export interface WindowOptions {
  title: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  icon?: string;
  backgroundColor: string;
  webPreferences: WebPreferences;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  loadFile(path: string, options?: { hash?: string }): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  getNormalBounds(): Bounds;
  destroy(): void;
  on(event: 'close', listener: (event: PreventableEvent) => void): this;
  on(event: 'resize' | 'moved', listener: () => void): this;
  once(event: 'ready-to-show', listener: () => void): this;
}

export type WindowClass = new (options: WindowOptions) => WindowLike;

export type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;
export type PermissionCheckHandler = (webContents: unknown, permission: string) => boolean;
export type ResponseHeaders = Record<string, string[]>;
export type HeadersReceivedListener = (
  details: { responseHeaders?: ResponseHeaders },
  callback: (response: { responseHeaders?: ResponseHeaders }) => void,
) => void;

export interface SessionLike {
  setPermissionRequestHandler(handler: PermissionRequestHandler): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler): void;
  webRequest: { onHeadersReceived(listener: HeadersReceivedListener): void };
}

export interface ScreenApi {
  getAllDisplays(): Array<{ workArea: Bounds }>;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(code?: number): void;
  setPath(name: 'userData', path: string): void;
  getAppPath(): string;
  readonly isPackaged: boolean;
  setAppUserModelId(id: string): void;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): this;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): this;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): this;
}

/** Everything the shell takes from Electron, in one bag. */
export interface ShellElectron {
  app: AppLike;
  Tray: TrayClass;
  Menu: MenuApi;
  BrowserWindow: WindowClass;
  ipcMain: IpcMainLike;
  Notification: NotificationClass;
  shell: ShellApi;
  dialog: DialogApi;
  clipboard: ClipboardApi;
  screen: ScreenApi;
  session: { defaultSession: SessionLike };
}
