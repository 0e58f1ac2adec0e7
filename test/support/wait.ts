/** Bounded waiting: every wait in the suite has a deadline and says what it waited for. */
import type { EngineHandle, Events } from '../../app/api.ts';

export async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    // A probe that throws (a server not listening yet) is not ready; its error goes into the timeout message.
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type ServiceEvent = Events['service'];

/** The next service event that matches (from now on). */
export function nextServiceEvent(
  engine: Pick<EngineHandle, 'on'>,
  match: (event: ServiceEvent) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<ServiceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = engine.on('service', (event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Records every service event, for asserting sequences and spacing. */
export function recordEvents(engine: Pick<EngineHandle, 'on'>): { events: ServiceEvent[]; stop: () => void } {
  const events: ServiceEvent[] = [];
  const stop = engine.on('service', (event) => events.push(event));
  return { events, stop };
}
