/**
 * One client connection (a CLI call, a dashboard tab, the Electron window):
 * validates every call once, sends it to the engine or to the shell (the
 * desktop app's settings; a headless stand-in elsewhere), answers
 * `subscribe` by wiring engine events to `emit`, and drops all of it on
 * `close`. Every transport uses this, so all three behave alike.
 */
import {
  ApiError,
  invoke,
  isShellMethod,
  parseCall,
  toWireError,
  type Api,
  type EngineHandle,
  type EventName,
  type Events,
  type Reply,
  type ShellApi,
} from '../api.ts';

export type Emit = <E extends EventName>(event: E, data: Events[E]) => void;
export type { Reply };

export class Session {
  private readonly engine: EngineHandle;
  private readonly shell: ShellApi;
  private readonly emit: Emit;
  private subscriptions: Array<() => void> = [];
  private closed = false;

  constructor(engine: EngineHandle, shell: ShellApi, emit: Emit) {
    this.engine = engine;
    this.shell = shell;
    this.emit = emit;
  }

  /** Never throws: a bad call comes back as `{ ok: false, error }`. */
  async call(method: unknown, params: unknown): Promise<Reply> {
    try {
      if (this.closed) throw new ApiError('unavailable', 'connection closed');
      const call = parseCall(method, params);
      if (call.method === 'subscribe') {
        this.subscribe(call.params);
        return { ok: true, result: { ok: true } };
      }
      // The engine and the shell each implement their half; the call was parsed once, above.
      const target = (isShellMethod(call.method) ? this.shell : this.engine) as unknown as Api;
      return { ok: true, result: await invoke(target, call) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  }

  private subscribe(params: { services?: boolean; logs?: string[]; metrics?: boolean }): void {
    this.unsubscribeAll();
    const subs: Array<() => void> = [];
    try {
      for (const name of params.logs ?? []) {
        subs.push(this.engine.followLogs(name, (lines) => this.emit('log', { name, lines })));
      }
      if (params.services) {
        subs.push(this.engine.on('service', (data) => this.emit('service', data)));
        subs.push(this.engine.on('removed', (data) => this.emit('removed', data)));
        subs.push(this.engine.on('notice', (data) => this.emit('notice', data)));
      }
      if (params.metrics) subs.push(this.engine.holdMetrics());
    } catch (error) {
      // A refused subscribe (an unknown service) must not leave half of it behind.
      for (const off of subs) off();
      throw error;
    }
    this.subscriptions = subs;
  }

  private unsubscribeAll(): void {
    for (const off of this.subscriptions) off();
    this.subscriptions = [];
  }

  close(): void {
    this.closed = true;
    this.unsubscribeAll();
  }
}
