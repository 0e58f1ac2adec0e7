/**
 * The slice of Electron the shell uses, as narrow interfaces. Each module
 * receives the pieces it needs (STYLE.md, "Seams for the outside world"):
 * main.ts hands in the real electron module, which the compiler checks
 * against these; tests hand in the recording fake in test/mocks/electron.ts.
 */

/** A nativeImage; the shell only creates and hands them on. */
export interface ImageLike {
  isEmpty(): boolean;
}

export interface NativeImageApi {
  createFromPath(path: string): ImageLike;
}

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

export interface TrayLike {
  setImage(image: ImageLike): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): this;
  destroy(): void;
}

export type TrayClass = new (image: ImageLike) => TrayLike;

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
