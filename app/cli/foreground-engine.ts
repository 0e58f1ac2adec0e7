/**
 * The engine run headless in this process (`upkeep daemon`, `upkeep serve`):
 * the control socket always, the dashboard when asked. SIGINT/SIGTERM and the
 * API's `shutdown` end it the same way; services keep running unless shutdown
 * asked to stop them (the next engine adopts them).
 */
import { serveControl } from '../control/server.ts';
import { EngineLockedError, startEngine } from '../engine/index.ts';
import { UnsupportedPlatformError } from '../platform-support.ts';
import type { CliContext } from './context.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';

export interface ForegroundOptions {
  /** Fill a data dir that never had services with the example services. */
  seedExamples?: boolean;
  /** Also serve the dashboard; `onUrl` gets its address (which carries the token). */
  dashboard?: { port?: number; onUrl(url: string): void };
}

export async function runEngineInForeground(ctx: CliContext, options: ForegroundOptions = {}): Promise<number> {
  let engine: Awaited<ReturnType<typeof startEngine>>;
  try {
    engine = await startEngine({ dataDir: ctx.paths.dataDir, seedExamples: options.seedExamples === true });
  } catch (error) {
    if (error instanceof EngineLockedError || error instanceof UnsupportedPlatformError) {
      ctx.err(`upkeep: ${error.message}`);
      return EXIT_FAILED;
    }
    throw error;
  }

  const closers: Array<() => Promise<void>> = [];
  try {
    const control = await serveControl(engine, ctx.paths.socket);
    closers.push(() => control.close());
    if (options.dashboard) {
      // Loaded only here: daemon and the other commands never pay for ws and the HTTP server.
      const { serveDashboard } = await import('../dashboard/server.ts');
      const dashboard = await serveDashboard(engine, { port: options.dashboard.port });
      closers.push(() => dashboard.close());
      options.dashboard.onUrl(dashboard.url);
    }
  } catch (error) {
    await Promise.all(closers.map((close) => close()));
    await engine.close({ stopServices: false });
    throw error;
  }
  ctx.out(`upkeep engine running (pid ${process.pid}, data dir ${ctx.paths.dataDir})`);

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      ctx.err(`upkeep: ${signal} again, exiting without waiting`);
      process.exit(EXIT_FAILED);
    }
    signalled = true;
    // Stop taking calls first, then let go of the services without stopping them.
    void Promise.all(closers.map((close) => close())).then(() => engine.close({ stopServices: false }));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await engine.whenClosed();
  await Promise.all(closers.map((close) => close()));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  ctx.err('upkeep: engine stopped');
  return EXIT_OK;
}
