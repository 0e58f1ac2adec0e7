/**
 * Which environment variables an imported definition may carry. PM2 (and a
 * shell that started a watchdog) merge the launching shell's whole
 * environment into an app, so a definition's env holds PATH, HOME, the
 * terminal's settings and often tokens. Upkeep copies only what the
 * definition itself sets: never the shell's own variables, never anything
 * that looks like a secret, never what the service inherits from Upkeep anyway.
 */

const SHELL_OWN = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'OLDPWD', 'SHLVL', '_', 'TERM', 'COLORTERM', 'LANG', 'LANGUAGE',
  'MAIL', 'HOSTNAME', 'DISPLAY', 'EDITOR', 'VISUAL', 'PAGER', 'LESS', 'LS_COLORS', 'TMPDIR', 'TZ', 'STY', 'WINDOW',
  'NODE_APP_INSTANCE', 'unique_id', 'INIT_CWD',
]);
const SHELL_PREFIXES = ['LC_', 'XDG_', 'DBUS_', 'SSH_', 'GPG_', 'TERM_', 'TMUX', 'WAYLAND_', 'PM2_', 'pm_', 'npm_', 'NVM_', 'ITERM', 'VSCODE_', 'UPKEEP_'];
const SECRET = /(TOKEN|SECRET|PASSWORD|PASSWD|PASS$|API_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION)/i;

export interface FilteredEnv {
  env: Record<string, string>;
  leftOut: string[];
}

/**
 * `inherited` is the environment the service would get from Upkeep anyway
 * (the engine's own); a variable with the same value there is not copied.
 * `alwaysKeep` names variables the definition is known to set (the port's).
 */
export function definitionEnv(
  raw: Record<string, unknown>,
  inherited: Readonly<Record<string, string | undefined>> = {},
  alwaysKeep: readonly string[] = [],
): FilteredEnv {
  const env: Record<string, string> = {};
  const leftOut: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    const text = String(value);
    if (SHELL_OWN.has(key) || SHELL_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    if (SECRET.test(key)) {
      leftOut.push(key);
      continue;
    }
    if (!alwaysKeep.includes(key) && inherited[key] === text) continue;
    env[key] = text;
  }
  return { env, leftOut: leftOut.sort() };
}
