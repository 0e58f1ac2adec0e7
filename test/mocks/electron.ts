/**
 * A recording stand-in for the `electron` module (STYLE.md: "A fake electron
 * for tests"). The real module must never load under Node here: requiring it
 * tries to download the Electron binary. Each test builds a fresh fake with
 * `createFakeElectron()`, hands it to the shell, then reads what the shell did:
 * tray images and tooltips, menus (with clickable items), windows, IPC
 * handlers, notifications, dialogs, opened URLs.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import type {
  Bounds,
  FrameLike,
  HeadersReceivedListener,
  PermissionCheckHandler,
  PermissionRequestHandler,
  SessionLike,
  InvokeEventLike,
  MenuItemOptions,
  MessageBoxOptions,
  PreventableEvent,
  ShellElectron,
  WindowOptions,
} from '../../main/electron-seams.ts';
import type { ContextBridgeLike, IpcRendererLike } from '../../main/bridge.ts';

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextProcessId = 100;
let nextRoutingId = 1;

export class FakeFrame implements FrameLike {
  url: string;
  parent: FakeFrame | null;
  readonly routingId = nextRoutingId++;
  readonly processId: number;
  constructor(url: string, parent: FakeFrame | null = null, processId = nextProcessId++) {
    this.url = url;
    this.parent = parent;
    this.processId = processId;
  }
  /** An iframe inside this frame (same process, as Chromium would for same-site frames). */
  child(url: string): FakeFrame {
    return new FakeFrame(url, this, this.processId);
  }
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame = new FakeFrame('about:blank');
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' } | { action: 'allow' }) | null = null;
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void {
    this.windowOpenHandler = handler;
  }
  /** What a page's `window.open(url)` would get. */
  tryOpenWindow(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }
  /** A navigation the page starts; returns whether it was allowed. */
  tryNavigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const e = new FakeEvent();
    this.emit(event, e, url);
    if (!e.defaultPrevented) this.mainFrame.url = url;
    return !e.defaultPrevented;
  }
  tryAttachWebview(): boolean {
    const e = new FakeEvent();
    this.emit('will-attach-webview', e, {}, {});
    return !e.defaultPrevented;
  }
  /** The event an `ipcRenderer.invoke` from this frame produces in the main process. */
  invokeEvent(frame: FakeFrame | null = this.mainFrame): InvokeEventLike {
    return { sender: this, senderFrame: frame };
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly options: WindowOptions;
  readonly webContents = new FakeWebContents();
  readonly loads: Array<{ file: string; hash?: string }> = [];
  visible = false;
  focused = false;
  private destroyed = false;
  private bounds: Bounds;
  constructor(options: WindowOptions) {
    super();
    this.options = options;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width, height: options.height };
    (this.constructor as typeof FakeBrowserWindow).instances.push(this);
  }
  async loadFile(file: string, options?: { hash?: string }): Promise<void> {
    this.loads.push(options?.hash === undefined ? { file } : { file, hash: options.hash });
    const url = pathToFileURL(file);
    if (options?.hash) url.hash = options.hash;
    this.webContents.mainFrame.url = url.href;
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  setBounds(bounds: Bounds): void {
    this.bounds = { ...bounds };
    this.emit('resize');
  }
  /** The window's close button: returns whether the window really closed. */
  close(): boolean {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
  }
}

export interface FakeMenu {
  items: MenuItemOptions[];
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: string;
  readonly images: string[] = [];
  toolTip = '';
  readonly toolTips: string[] = [];
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: string) {
    super();
    this.image = image;
    this.images.push(image);
    (this.constructor as typeof FakeTray).instances.push(this);
  }
  setImage(image: string): void {
    this.image = image;
    this.images.push(image);
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
    this.toolTips.push(toolTip);
  }
  setContextMenu(menu: object | null): void {
    this.menu = menu as FakeMenu | null;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Finds a menu item by its path of labels (a RegExp matches a label), as a person would click through. */
  menuItem(...labels: Array<string | RegExp>): MenuItemOptions {
    let items = this.menu?.items ?? [];
    let found: MenuItemOptions | undefined;
    for (const label of labels) {
      found = items.find((item) => (typeof label === 'string' ? item.label === label : label.test(item.label ?? '')));
      if (!found) throw new Error(`no menu item ${String(label)} among ${items.map((i) => i.label ?? '—').join(', ')}`);
      items = found.submenu ?? [];
    }
    if (!found) throw new Error('no labels given');
    return found;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return this.supported;
  }
  readonly title: string;
  readonly body: string;
  shown = false;
  constructor(options: { title: string; body: string }) {
    super();
    this.title = options.title;
    this.body = options.body;
    (this.constructor as typeof FakeNotification).instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export type IpcHandler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, IpcHandler>();
  handle(channel: string, listener: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from `event`'s frame would get back. */
  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export type DialogAnswer = (options: MessageBoxOptions) => number;

export class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  readonly paths = new Map<string, string>();
  loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  readonly loginItemCalls: unknown[] = [];
  appUserModelId: string | null = null;
  quitRequests = 0;
  quitted = false;
  exitCode: number | null = null;

  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  async whenReady(): Promise<void> {}
  /** Like Electron: `before-quit` may be prevented; otherwise the app ends. */
  quit(): void {
    this.quitRequests += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitted = true;
    this.emit('will-quit', new FakeEvent());
    this.emit('quit');
  }
  exit(code = 0): void {
    this.exitCode = code;
    this.quitted = true;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getAppPath(): string {
    return '/fake/app';
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { ...this.loginItem };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItemCalls.push(settings);
    this.loginItem.openAtLogin = settings.openAtLogin;
  }
}

export interface FakeElectron extends ShellElectron {
  app: FakeApp;
  Tray: typeof FakeTray;
  BrowserWindow: typeof FakeBrowserWindow;
  Notification: typeof FakeNotification;
  ipcMain: FakeIpcMain;
  Menu: { buildFromTemplate(template: MenuItemOptions[]): FakeMenu };
  shell: { opened: string[]; openExternal(url: string): Promise<void> };
  dialog: {
    shown: MessageBoxOptions[];
    /** Decides each message box's answer (the index of the button pressed); default: the default button. */
    answer: DialogAnswer;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
  };
  clipboard: { text: string; writeText(text: string): void };
  session: {
    defaultSession: SessionLike & {
      permissionRequest: PermissionRequestHandler | null;
      permissionCheck: PermissionCheckHandler | null;
      headersListener: HeadersReceivedListener | null;
    };
  };
  /** Fakes a webContents being created (Electron emits this for every window, webview, devtools…). */
  createWebContents(): FakeWebContents;
}

/** A fresh fake; its classes are subclasses, so instance lists are per fake. */
export function createFakeElectron(): FakeElectron {
  const app = new FakeApp();
  class Tray extends FakeTray {
    static override instances: FakeTray[] = [];
  }
  class BrowserWindow extends FakeBrowserWindow {
    static override instances: FakeBrowserWindow[] = [];
    constructor(options: WindowOptions) {
      super(options);
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
  }
  class Notification extends FakeNotification {
    static override instances: FakeNotification[] = [];
    static override supported = true;
  }
  const dialog: FakeElectron['dialog'] = {
    shown: [],
    answer: (options) => options.defaultId ?? 0,
    async showMessageBox(options) {
      this.shown.push(options);
      return { response: this.answer(options) };
    },
  };
  const defaultSession: FakeElectron['session']['defaultSession'] = {
    permissionRequest: null,
    permissionCheck: null,
    headersListener: null,
    setPermissionRequestHandler(handler) {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler) {
      this.permissionCheck = handler;
    },
    webRequest: {
      onHeadersReceived(listener) {
        defaultSession.headersListener = listener;
      },
    },
  };
  return {
    app,
    Tray,
    BrowserWindow,
    Notification,
    ipcMain: new FakeIpcMain(),
    Menu: { buildFromTemplate: (template) => ({ items: template }) },
    shell: {
      opened: [],
      async openExternal(url) {
        this.opened.push(url);
      },
    },
    dialog,
    clipboard: {
      text: '',
      writeText(text) {
        this.text = text;
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession },
    createWebContents() {
      const contents = new FakeWebContents();
      app.emit('web-contents-created', new FakeEvent(), contents);
      return contents;
    },
  };
}

/** The renderer side for the preload test: an ipcRenderer wired to a FakeIpcMain, and a contextBridge that records what was exposed. */
export function createFakeRenderer(ipcMain: FakeIpcMain, contents: FakeWebContents, frame: FakeFrame = contents.mainFrame) {
  const listeners = new EventEmitter();
  const ipcRenderer: IpcRendererLike & { deliver(channel: string, ...args: unknown[]): void } = {
    invoke: (channel, ...args) => ipcMain.invoke(channel, contents.invokeEvent(frame), ...args),
    on(channel, listener) {
      listeners.on(channel, listener);
      return this;
    },
    removeListener(channel, listener) {
      listeners.removeListener(channel, listener);
      return this;
    },
    /** Delivers what the main process sent to this webContents. */
    deliver(channel, ...args) {
      listeners.emit(channel, {}, ...args);
    },
  };
  const exposed = new Map<string, Record<string, unknown>>();
  const contextBridge: ContextBridgeLike = {
    exposeInMainWorld(key, api) {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      exposed.set(key, api);
    },
  };
  return { ipcRenderer, contextBridge, exposed, listenerCount: (channel: string) => listeners.listenerCount(channel) };
}
