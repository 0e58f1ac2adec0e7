/**
 * The API over Electron IPC: one `ipcMain.handle` per method (channels from
 * app/api.ts). The sender must be our window's top-level renderer frame;
 * then the call goes to the window's Session (the class every transport
 * uses), which checks the payload against the method's schema once and sends
 * it to the engine or to the shell's own half (settings). A refused or bad
 * call is answered with an error reply, never a throw, so neither side
 * crashes.
 */
import {
  ApiError,
  IPC_EVENT_CHANNEL,
  METHOD_NAMES,
  ipcChannel,
  toWireError,
  type EngineHandle,
  type MethodName,
  type Reply,
  type ShellApi,
} from '../app/api.ts';
import { Session } from '../app/transport/session.ts';
import type { InvokeEventLike, IpcMainLike, WebContentsLike, WindowLike } from './electron-seams.ts';
import { checkSender } from './ipc-guard.ts';

export interface IpcOptions {
  ipcMain: IpcMainLike;
  engine: EngineHandle;
  window(): WindowLike | null;
  rendererIndex: string;
  /** The shell's half of the API (settings), merged with the engine's in each Session. */
  shell: ShellApi;
  /** Told about every refused call (logged by the shell; counted by tests). */
  onRefused?(channel: string, reason: string): void;
}

export interface IpcHandle {
  dispose(): void;
}

export function registerIpc(options: IpcOptions): IpcHandle {
  const sessions = new Map<number, Session>();
  const wired = new Set<number>();
  const drop = (id: number) => {
    sessions.get(id)?.close();
    sessions.delete(id);
  };

  const sessionFor = (contents: WebContentsLike): Session => {
    // Read the id now: a destroyed webContents throws on every property.
    const id = contents.id;
    if (!wired.has(id)) {
      wired.add(id);
      contents.once('destroyed', () => {
        drop(id);
        wired.delete(id);
      });
      // A reload or navigation starts a new page: it subscribes again for what it wants.
      contents.on('did-navigate', () => drop(id));
    }
    let session = sessions.get(id);
    if (!session) {
      session = new Session(options.engine, options.shell, (event, data) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, data });
      });
      sessions.set(id, session);
    }
    return session;
  };

  const answer = async (method: MethodName, event: InvokeEventLike, args: unknown[]): Promise<Reply> => {
    const verdict = checkSender(event, options.window(), options.rendererIndex);
    if (!verdict.ok) {
      options.onRefused?.(ipcChannel(method), verdict.reason);
      return { ok: false, error: toWireError(new ApiError('bad-request', `refused: ${verdict.reason}`)) };
    }
    if (args.length > 1) {
      return { ok: false, error: toWireError(new ApiError('bad-request', `${method}: expected one params object, got ${args.length} arguments`)) };
    }
    return sessionFor(event.sender).call(method, args[0]);
  };

  for (const method of METHOD_NAMES) {
    options.ipcMain.handle(ipcChannel(method), (event, ...args) => answer(method, event, args));
  }

  return {
    dispose() {
      for (const method of METHOD_NAMES) options.ipcMain.removeHandler(ipcChannel(method));
      for (const session of sessions.values()) session.close();
      sessions.clear();
    },
  };
}
