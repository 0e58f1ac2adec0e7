/**
 * The browser side locked down (Electron's security checklist): no
 * permission is ever granted, a strict CSP is sent with every response, no
 * webview can be attached, and no page may navigate away from our renderer or
 * open a window. Links to a service's own http(s) URL open in the user's
 * browser instead — only URLs the app built itself (see external-links.ts).
 */
import type { AppLike, SessionLike, WebContentsLike } from './electron-seams.ts';

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // The renderer loads only its own files. No 'unsafe-inline' even for styles: React sets
  // `style` props through the CSSOM, which CSP does not restrict. Written inline so
  // electronegativity can read and evaluate it.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'",
        ],
      },
    });
  });
}

export interface ContentsPolicy {
  /** Our own renderer page (any #hash): the only place a page may be. */
  isOwnPage(url: string): boolean;
  /** Asked for window.open / target=_blank links; opens them in the browser if the app built them. */
  openExternal(url: string): void;
}

export function hardenContents(contents: WebContentsLike, policy: ContentsPolicy): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!policy.isOwnPage(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    policy.openExternal(url);
    return { action: 'deny' };
  });
}

/** Applies `hardenContents` to every webContents the app ever creates, before it loads anything. */
export function hardenEveryContents(app: AppLike, policy: ContentsPolicy): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy));
}
