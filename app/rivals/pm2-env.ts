/**
 * Which of a PM2 app's environment variables its definition set. PM2 merges
 * the whole environment of the shell that ran `pm2 start` (PATH, HOME,
 * tokens) into every app's `env`, and adds its own (PM2_HOME, pm_id, …), so
 * the app's env alone cannot tell. The rule: a variable counts as the app's
 * own unless it is PM2's, or a shell/session variable by name, or has the
 * same value in the daemon's environment (the shell that started PM2) or in
 * the engine's own (the user's usual shell). A variable missed this way is
 * one to add by hand; one copied wrongly would put a token into config.json.
 */

const PM2_OWN = /^(PM2_.*|pm_.*|NODE_APP_INSTANCE|unique_id|axm_.*|km_link|vizion.*|status|restart_time|unstable_restarts|created_at|version|windowsHide|instance_var|_)$/;
const SHELL_OWN = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'OLDPWD', 'SHLVL', 'TERM', 'COLORTERM', 'LANG', 'LANGUAGE', 'TMPDIR', 'TMP', 'TEMP',
  'DISPLAY', 'WAYLAND_DISPLAY', 'HOSTNAME', 'MAIL', 'EDITOR', 'VISUAL', 'PAGER', 'MANPATH', 'INFOPATH', 'LS_COLORS', 'LESSOPEN', 'LESSCLOSE',
  'DBUS_SESSION_BUS_ADDRESS', 'SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'SUDO_COMMAND', 'OLDPWD', 'HISTFILE', 'HISTSIZE',
]);
const SHELL_PREFIX = /^(LC_|XDG_|SSH_|TMUX|TERM_|ITERM|npm_|NVM_|VSCODE_|GPG_|__CF|__CFBundle|Apple_|SECURITYSESSION|KITTY_|ALACRITTY_|WINDOWID|GNOME_|DESKTOP_)/;

export function appOwnEnv(
  appEnv: Record<string, unknown>,
  daemonEnv: Record<string, string> | null,
  engineEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [key, raw] of Object.entries(appEnv)) {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
    const value = String(raw);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || PM2_OWN.test(key) || SHELL_OWN.has(key) || SHELL_PREFIX.test(key)) continue;
    if (daemonEnv?.[key] === value || engineEnv[key] === value) continue;
    own[key] = value;
  }
  return own;
}

/** /proc/PID/environ as a record; null when it cannot be read (another user's process). */
export function parseEnviron(data: Buffer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of data.toString('utf8').split('\0')) {
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}
