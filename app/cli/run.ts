/**
 * Reads the command word and hands the rest to that command, loaded on
 * demand: `upkeep status` never loads the engine, zod or the dashboard.
 */
import { VERSION } from '../version.ts';
import type { CliContext } from './context.ts';
import { UsageError, EXIT_OK } from './errors.ts';
import { commandHelp, isCommandName, mainHelp, type CommandName } from './help.ts';
import { guarded, runCommand, type Command } from './run-command.ts';

const COMMANDS: Record<Exclude<CommandName, 'help'>, () => Promise<Command>> = {
  daemon: async () => (await import('./commands/daemon.ts')).daemon,
  serve: async () => (await import('./commands/serve.ts')).serve,
  status: async () => (await import('./commands/status.ts')).status,
  add: async () => (await import('./commands/add.ts')).add,
  edit: async () => (await import('./commands/edit.ts')).edit,
  reload: async () => (await import('./commands/reload.ts')).reload,
  completion: async () => (await import('./commands/completion.ts')).completion,
  remove: async () => (await import('./commands/remove.ts')).remove,
  start: async () => (await import('./commands/action.ts')).action('start'),
  stop: async () => (await import('./commands/action.ts')).action('stop'),
  restart: async () => (await import('./commands/action.ts')).action('restart'),
  restore: async () => (await import('./commands/action.ts')).action('restore'),
  port: async () => (await import('./commands/port.ts')).port,
  logs: async () => (await import('./commands/logs.ts')).logs,
  history: async () => (await import('./commands/history.ts')).history,
  doctor: async () => (await import('./commands/doctor.ts')).doctor,
  takeover: async () => (await import('./commands/takeover.ts')).takeover,
  import: async () => (await import('./commands/import.ts')).importCommand,
};

export function run(argv: string[], ctx: CliContext): Promise<number> {
  return guarded(ctx, () => dispatch(argv, ctx));
}

async function dispatch(argv: string[], ctx: CliContext): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined || word === '--help' || word === '-h') {
    ctx.out(mainHelp());
    return EXIT_OK;
  }
  if (word === '--version' || word === '-v') {
    ctx.out(VERSION);
    return EXIT_OK;
  }
  if (!isCommandName(word)) {
    throw new UsageError(word.startsWith('-') ? `unknown option ${word} (see upkeep --help)` : `unknown command "${word}" (see upkeep --help)`);
  }
  if (word === 'help') {
    const topic = rest[0];
    if (topic === undefined) ctx.out(mainHelp());
    else if (isCommandName(topic)) ctx.out(commandHelp(topic));
    else throw new UsageError(`unknown command "${topic}" (see upkeep --help)`);
    return EXIT_OK;
  }
  return runCommand(word, COMMANDS[word], rest, ctx);
}
