/** Reaching the running engine through the control socket, or learning plainly that none runs. */
import { connectControl, EngineNotRunningError, type ControlClient } from '../control/client.ts';
import type { CliContext } from './context.ts';

export const NO_ENGINE = 'no engine is running; start one with "upkeep daemon" (or open the Upkeep app)';

/** For commands that only make sense against a live engine: exit 1 with how to start one. */
export async function requireEngine(ctx: CliContext): Promise<ControlClient> {
  const client = await tryEngine(ctx);
  if (client === null) throw new Error(NO_ENGINE);
  return client;
}

/** The engine's client, or null when none runs (the caller falls back to files). */
export async function tryEngine(ctx: CliContext): Promise<ControlClient | null> {
  try {
    return await connectControl(ctx.paths.socket);
  } catch (error) {
    if (error instanceof EngineNotRunningError) return null;
    throw error;
  }
}

/** One call and the connection closes, whatever happens. */
export async function withClient<T>(client: ControlClient, fn: (client: ControlClient) => Promise<T>): Promise<T> {
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
