/** Usage text for every command, kept apart from the commands so `--help` loads nothing else. */
import { serviceFlagLines } from './service-flags.ts';

export interface CommandHelp {
  usage: string;
  summary: string;
  /** Lines after the usage: options and examples. */
  details?: string[];
}

export const COMMAND_HELP = {
  daemon: {
    usage: 'upkeep daemon',
    summary: 'run the engine headless, in the foreground',
    details: ['Ctrl-C (SIGINT) or SIGTERM ends the engine; services keep running and are adopted next time.'],
  },
  serve: {
    usage: 'upkeep serve [--port N] [--open] [--no-examples]',
    summary: 'run the engine with the dashboard on 127.0.0.1',
    details: [
      '--port N        dashboard port (default or 0: any free port)',
      '--open          open the dashboard in the browser',
      '--no-examples   do not add the example services on a first run',
    ],
  },
  status: {
    usage: 'upkeep status [NAME] [--json]',
    summary: 'show every service: state, health, pid, port, uptime; with NAME, what its health check found',
    details: [
      'NAME       one service, with its last health check: conditions, components, body',
      '--json     the list of services as JSON (works without an engine, from config and run records); with NAME, that service as one object',
    ],
  },
  add: {
    usage: 'upkeep add NAME [OPTIONS] -- COMMAND [ARGS...]',
    summary: 'define a service',
    details: [...serviceFlagLines('add'), 'Example: upkeep add web --port 8080 --health http://127.0.0.1:{port}/health -- node server.js'],
  },
  edit: {
    usage: 'upkeep edit NAME [OPTIONS] [-- COMMAND [ARGS...]]',
    summary: 'change a service: only the fields given; a running one restarts if it must',
    details: [...serviceFlagLines('edit'), 'Example: upkeep edit executor --when-not-empty ~/queue --clear relaunch-delay'],
  },
  remove: { usage: 'upkeep remove NAME', summary: 'delete a service definition' },
  start: { usage: 'upkeep start NAME|all', summary: 'start a service' },
  stop: { usage: 'upkeep stop NAME|all', summary: 'stop a service (its whole process tree)' },
  restart: { usage: 'upkeep restart NAME|all', summary: 'stop and start a service' },
  restore: {
    usage: 'upkeep restore NAME|all',
    summary: 'bring a service back: clear duplicates and stale copies, free its port, start it',
  },
  port: {
    usage: 'upkeep port NAME [PORT | --auto | --reset]',
    summary: 'move a service to another port, or show its port',
    details: ['PORT       use this port', '--auto     pick the next free port', '--reset    go back to the configured port'],
  },
  logs: {
    usage: 'upkeep logs NAME [-n N] [-f]',
    summary: "print a service's log",
    details: ['-n N       how many lines from the end (default 200)', '-f         keep following (across rotation) until Ctrl-C'],
  },
  takeover: {
    usage: 'upkeep takeover NAME [--yes] [--dry-run] | NAME --undo [--yes] | --from KIND:WHERE [--name NAME]',
    summary: 'take a service over from PM2, supervisord, systemd, launchd, cron or a watchdog (and undo)',
    details: [
      '--dry-run         print the plan (every step, file and command); change nothing',
      '--yes             go ahead without asking (needed when not on a terminal)',
      '--undo            hand the service back exactly as the takeover found it',
      '--from KIND:WHERE pm2:APP, supervisord:PROGRAM, systemd:UNIT, launchd:LABEL, cron:FILE:LINE',
      '                  (cron:user:3 for your crontab) or watchdog:PID, for a service Upkeep has no definition for',
      '--name NAME       with --from: the name to give it in Upkeep',
    ],
  },
  import: {
    usage: 'upkeep import FILE|pm2 [--dry-run]',
    summary: "add services from another supervisor's files",
    details: [
      'FILE: ecosystem.config.js/.cjs/.json, dump.pm2, a Procfile (with its .env), process-compose.yaml,',
      '      supervisord.conf ([program:x]), a launchd .plist or a systemd .service',
      'pm2:  the apps in $PM2_HOME/dump.pm2 (default ~/.pm2)',
      '--dry-run   print what would be added; add nothing',
      'A name that is taken or a setting Upkeep cannot carry over adds nothing.',
    ],
  },
  reload: {
    usage: 'upkeep reload',
    summary: 'apply hand edits of config.json now (the engine also watches it)',
    details: ['Exits 2 when the file is invalid, with the file, service and field; without an engine it only checks the file.'],
  },
  completion: {
    usage: 'upkeep completion bash|zsh',
    summary: 'print a shell completion script',
    details: ['bash: source <(upkeep completion bash)   (or add that line to ~/.bashrc)', 'zsh:  source <(upkeep completion zsh)    (or add that line to ~/.zshrc)'],
  },
  history: {
    usage: 'upkeep history NAME [--since 1h|2d] [--json]',
    summary: "show what happened to a service: starts, crashes, health and port changes, Upkeep's own starts and stops",
    details: [
      '--since D  only the last D (500ms, 15s, 2m, 1h, 2d, 1h30m)',
      '--json     an array of entries, oldest first',
      'Reads the history files, so it works with no engine running.',
    ],
  },
  doctor: {
    usage: 'upkeep doctor [NAME] [--json]',
    summary: 'find what else starts your services: PM2, supervisord, systemd, launchd, cron, watchdog scripts',
    details: [
      '--json     the findings as a JSON array (exit 0 with or without findings)',
      'Each finding: the rival, its pid and the copy it runs, the evidence (app, unit, file:line, pid),',
      'whether it respawns the service, and what a takeover would do. Works without an engine too.',
      'UPKEEP_RIVALS=off turns detection off (tests).',
    ],
  },
  help: { usage: 'upkeep help [COMMAND]', summary: 'show help' },
} satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMAND_HELP;

export function isCommandName(value: string): value is CommandName {
  return Object.hasOwn(COMMAND_HELP, value);
}

export function commandHelp(name: CommandName): string {
  const help: CommandHelp = COMMAND_HELP[name];
  return [`usage: ${help.usage}`, '', `${help.summary[0]?.toUpperCase()}${help.summary.slice(1)}.`, ...(help.details ? ['', ...help.details.map((line) => `  ${line}`)] : []), ''].join('\n');
}

export function mainHelp(): string {
  const names = Object.keys(COMMAND_HELP) as CommandName[];
  const width = Math.max(...names.map((name) => name.length));
  return [
    'usage: upkeep COMMAND [ARGS]',
    '',
    'Keeps your local services up: one engine, driven from the tray app, the dashboard or here.',
    '',
    'Commands:',
    ...names.map((name) => `  ${name.padEnd(width)}  ${COMMAND_HELP[name].summary}`),
    '',
    '`upkeep COMMAND --help` for its options; `upkeep --version` for the version.',
    'Data dir: $UPKEEP_HOME, or the app\'s own folder.',
    '',
  ].join('\n');
}
