import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAutostart, launchCommand, xdgAutostartDir, type LoginItemApp } from '../../main/autostart.ts';
import { execValue, quoteExecArg } from '../../main/desktop-entry.ts';

const noLoginItems: LoginItemApp = {
  getLoginItemSettings: () => assert.fail('Linux must not use login items'),
  setLoginItemSettings: () => assert.fail('Linux must not use login items'),
};

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upkeep-xdg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('Linux: enabling writes an XDG autostart entry, disabling removes it', (t) => {
  const xdg = tempDir(t);
  const autostart = createAutostart({ platform: 'linux', app: noLoginItems, command: ['/opt/Upkeep/upkeep'], env: { XDG_CONFIG_HOME: xdg } });
  const file = path.join(xdg, 'autostart', 'upkeep.desktop');
  assert.equal(autostart.isEnabled(), false);
  autostart.enable();
  assert.equal(autostart.isEnabled(), true);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\n/);
  assert.match(text, /^Type=Application$/m);
  assert.match(text, /^Exec=\/opt\/Upkeep\/upkeep --hidden$/m);
  autostart.disable();
  assert.equal(existsSync(file), false);
  assert.equal(autostart.isEnabled(), false);
  autostart.disable(); // twice is fine
});

test('Linux: without XDG_CONFIG_HOME (or with a relative one) the entry goes to ~/.config/autostart', (t) => {
  const home = tempDir(t);
  assert.equal(xdgAutostartDir({}, home), path.join(home, '.config', 'autostart'));
  assert.equal(xdgAutostartDir({ XDG_CONFIG_HOME: 'relative/dir' }, home), path.join(home, '.config', 'autostart'));
  createAutostart({ platform: 'linux', app: noLoginItems, command: ['/x'], env: {}, homedir: home }).enable();
  assert.ok(existsSync(path.join(home, '.config', 'autostart', 'upkeep.desktop')));
});

test('Exec quoting follows the Desktop Entry spec', () => {
  assert.equal(quoteExecArg('/opt/Upkeep/upkeep'), '/opt/Upkeep/upkeep');
  assert.equal(quoteExecArg('/home/a b/Upkeep.AppImage'), '"/home/a b/Upkeep.AppImage"');
  assert.equal(quoteExecArg('it\'s'), '"it\'s"');
  assert.equal(quoteExecArg('say "hi"'), '"say \\"hi\\""');
  assert.equal(quoteExecArg('$HOME`x`'), '"\\$HOME\\`x\\`"');
  assert.equal(quoteExecArg('100%'), '100%%');
  assert.equal(quoteExecArg(''), '""');
  // A backslash is escaped for Exec (\\) and again for the key file (\\\\).
  assert.equal(execValue(['/a\\b']), '"/a\\\\\\\\b"');
  assert.equal(execValue(['/a b', '--x']), '"/a b" --x');
});

test('a real Desktop Entry parser (GLib, via gio launch) gets back the exact argv', { skip: hasGio() ? false : 'gio is not installed' }, async (t) => {
  const dir = tempDir(t);
  // A path with every kind of character the spec makes special. (`%` is tested in an
  // argument only: GLib looks the program up before undoing `%%`, so a `%` in the
  // program's own path cannot work there, however it is written.)
  const weird = path.join(dir, `a b'c"d$e\`f\\g;&|<>~*?#()\ttab`);
  mkdirSync(weird);
  const script = path.join(weird, 'record args.sh');
  const out = path.join(dir, 'argv.txt');
  writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${out}.tmp' && mv '${out}.tmp' '${out}'\n`);
  chmodSync(script, 0o755);
  const xdg = path.join(dir, 'config');
  createAutostart({ platform: 'linux', app: noLoginItems, command: [script, 'tab\there', '50%'], env: { XDG_CONFIG_HOME: xdg } }).enable();
  execFileSync('gio', ['launch', path.join(xdg, 'autostart', 'upkeep.desktop')], { stdio: 'pipe', timeout: 10_000 });
  const deadline = Date.now() + 10_000;
  while (!existsSync(out)) {
    assert.ok(Date.now() < deadline, 'the launched script never wrote its argv');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.deepEqual(readFileSync(out, 'utf8').split('\0').slice(0, -1), ['tab\there', '50%', '--hidden']);
});

test('macOS and Windows use the OS login items (Windows with the same path and args to read it back)', () => {
  const calls: unknown[] = [];
  let open = false;
  const app: LoginItemApp = {
    getLoginItemSettings: (options) => {
      calls.push(['get', options]);
      return { openAtLogin: open };
    },
    setLoginItemSettings: (settings) => {
      calls.push(['set', settings]);
      open = settings.openAtLogin;
    },
  };
  const win = createAutostart({ platform: 'win32', app, command: ['C:\\Upkeep\\Upkeep.exe'] });
  win.enable();
  assert.equal(win.isEnabled(), true);
  win.disable();
  assert.deepEqual(calls, [
    ['set', { openAtLogin: true, path: 'C:\\Upkeep\\Upkeep.exe', args: ['--hidden'] }],
    ['get', { path: 'C:\\Upkeep\\Upkeep.exe', args: ['--hidden'] }],
    ['set', { openAtLogin: false, path: 'C:\\Upkeep\\Upkeep.exe', args: ['--hidden'] }],
  ]);
  calls.length = 0;
  createAutostart({ platform: 'darwin', app, command: ['/Applications/Upkeep.app/Contents/MacOS/Upkeep'] }).enable();
  assert.deepEqual(calls, [['set', { openAtLogin: true }]]);
});

test('the command that starts the app: the AppImage when packaged as one', () => {
  assert.deepEqual(launchCommand({ isPackaged: true, execPath: '/tmp/.mount_Upk/upkeep', appPath: '/x', env: { APPIMAGE: '/home/me/Apps/Upkeep.AppImage' } }), ['/home/me/Apps/Upkeep.AppImage']);
  assert.deepEqual(launchCommand({ isPackaged: true, execPath: '/opt/Upkeep/upkeep', appPath: '/x', env: {} }), ['/opt/Upkeep/upkeep']);
  assert.deepEqual(launchCommand({ isPackaged: false, execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo', env: {} }), ['/repo/node_modules/electron/dist/electron', '/repo']);
});

function hasGio(): boolean {
  try {
    execFileSync('gio', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
