/** `upkeep serve [--port N] [--open]`: the engine headless plus the dashboard on 127.0.0.1. */
import { spawn } from 'node:child_process';
import { parseCommandArgs, portArgument } from '../args.ts';
import type { CliContext } from '../context.ts';
import { runEngineInForeground } from '../foreground-engine.ts';
import { exitWhenDone } from './daemon.ts';

export async function serve(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(
    'serve',
    args,
    { port: { type: 'string' }, open: { type: 'boolean' }, 'no-examples': { type: 'boolean' } },
    { min: 0, max: 0, names: '' },
  );
  // 0 (or no --port) lets the OS pick a free port.
  const port = values.port === undefined || values.port === '0' ? undefined : portArgument(values.port, '--port');
  const code = await runEngineInForeground(ctx, {
    // A newcomer's first run shows two real services instead of an empty window.
    seedExamples: !values['no-examples'],
    dashboard: {
      port,
      onUrl(url) {
        ctx.out(`dashboard: ${url}`);
        if (values.open) openInBrowser(url, ctx);
      },
    },
  });
  return exitWhenDone(code);
}

/** The platform's own opener; the URL is ours (127.0.0.1 + token), so no shell is involved. */
function openInBrowser(url: string, ctx: CliContext): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', (error) => ctx.err(`upkeep: could not open a browser (${error.message}); open the URL above yourself`));
  child.unref();
}
