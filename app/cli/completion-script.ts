/**
 * Shell completion generated from the CLI's own tables: the command words
 * from COMMAND_HELP, each command's flags from its usage and option lines,
 * and the values of `add`/`edit` flags from SERVICE_FLAGS. zsh runs the same
 * function through bashcompinit, so both shells complete alike.
 */
import { COMMAND_HELP, type CommandHelp, type CommandName } from './help.ts';
import { SERVICE_FLAGS, type ServiceFlag } from './service-flags.ts';

const FLAG = /(?<![\w-])(--?[a-z][a-z-]*)/g;

/** Every flag a command's help names (usage and option lines). */
export function flagsOf(name: CommandName): string[] {
  const help: CommandHelp = COMMAND_HELP[name];
  const text = [help.usage, ...(help.details ?? []).map((line) => line.split(/\s{2,}/)[0] ?? '')].join(' ');
  return [...new Set([...text.matchAll(FLAG)].map((match) => match[1] as string).filter((flag) => flag !== '--'))];
}

const quote = (words: readonly string[]): string => words.join(' ').replace(/[^\w .:/@{}=+-]/g, '');

export function bashCompletion(): string {
  const names = Object.keys(COMMAND_HELP) as CommandName[];
  const flags = names.map((name) => `    ${name}) flags="${quote(flagsOf(name))}" ;;`);
  const values = (Object.keys(SERVICE_FLAGS) as ServiceFlag[]).flatMap((flag) => {
    const info = SERVICE_FLAGS[flag];
    if (info.choices) return [`    --${flag}) COMPREPLY=($(compgen -W "${quote(info.choices)}" -- "$cur")); return ;;`];
    if (info.completes) return [`    --${flag}) COMPREPLY=($(compgen -${info.completes === 'directory' ? 'd' : 'f'} -- "$cur")); return ;;`];
    return [];
  });
  return [
    '# upkeep completion for bash (and zsh through bashcompinit): source <(upkeep completion bash)',
    '_upkeep() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" flags=""',
    '  COMPREPLY=()',
    '  if [[ $COMP_CWORD -eq 1 ]]; then',
    `    COMPREPLY=($(compgen -W "${quote(names)}" -- "$cur")); return`,
    '  fi',
    '  local word',
    '  for word in "${COMP_WORDS[@]:2:COMP_CWORD-2}"; do',
    '    # After "--" comes the service\'s own command: files from here on.',
    '    [[ $word == "--" ]] && { COMPREPLY=($(compgen -f -- "$cur")); return; }',
    '  done',
    '  case "${COMP_WORDS[1]}" in',
    `    help) COMPREPLY=($(compgen -W "${quote(names)}" -- "$cur")); return ;;`,
    '    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;',
    '  esac',
    '  case "$prev" in',
    ...values,
    '  esac',
    '  case "${COMP_WORDS[1]}" in',
    ...flags,
    '  esac',
    '  if [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$flags" -- "$cur"))',
    '  fi',
    '}',
    'complete -o default -o bashdefault -F _upkeep upkeep',
    '',
  ].join('\n');
}

export function zshCompletion(): string {
  return ['#compdef upkeep', '# upkeep completion for zsh: source <(upkeep completion zsh)', 'autoload -U +X bashcompinit && bashcompinit', bashCompletion()].join('\n');
}
