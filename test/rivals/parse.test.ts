import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, buildBinary } from 'plist';
import { parseLaunchdPlist } from '../../app/rivals/parse/launchd-plist.ts';
import { DefinitionFileError } from '../../app/rivals/parse/parsed.ts';
import { parsePm2Dump } from '../../app/rivals/parse/pm2-dump.ts';
import { splitCommand } from '../../app/rivals/parse/shell-words.ts';
import { parseSupervisordConf } from '../../app/rivals/parse/supervisord-conf.ts';
import { parseSystemdUnit } from '../../app/rivals/parse/systemd-unit.ts';

test('shell words: quotes and backslashes like shlex; operators and expansions need a shell', () => {
  assert.deepEqual(splitCommand(`python3 -u "ghost app.py" --name 'a b' c\\ d`), { words: ['python3', '-u', 'ghost app.py', '--name', 'a b', 'c d'], needsShell: false });
  assert.equal(splitCommand('pgrep -f ghost.py || python3 ghost.py &').needsShell, true);
  assert.equal(splitCommand('echo $HOME').needsShell, true);
  assert.throws(() => splitCommand('echo "open'), /unterminated/);
});

test('supervisord: [program:x] with its command, directory, environment and autorestart; other sections ignored', () => {
  const text = [
    '[supervisord]',
    'logfile=%(here)s/supervisord.log',
    '',
    '[program:ghost]',
    'command=python3 -u ghost.py --port 5555',
    'directory=/srv/ghost',
    'environment=PORT="5555",GREETING="hello, world",HOME="/root",API_TOKEN="abc"',
    'autostart=true',
    'autorestart=unexpected',
    '',
    '[program:other]',
    'command=/bin/sh -c "sleep 1 && echo hi"',
    'autorestart=false',
    'numprocs=2',
    '',
  ].join('\n');
  const [ghost, other] = parseSupervisordConf(text, '/etc/x/supervisord.conf');
  assert.ok(ghost && other);
  assert.equal(ghost.program, 'ghost');
  assert.deepEqual(ghost.definition, {
    name: 'ghost',
    command: ['python3', '-u', 'ghost.py', '--port', '5555'],
    cwd: '/srv/ghost',
    env: { PORT: '5555', GREETING: 'hello, world' },
    port: 5555,
    portEnv: 'PORT',
    restart: 'on-failure',
  });
  assert.deepEqual(ghost.leftOut, ['API_TOKEN']);
  assert.deepEqual(ghost.from, { file: '/etc/x/supervisord.conf', entry: 'program:ghost', line: 4 });
  assert.equal(ghost.respawns, true);
  assert.equal(other.respawns, false);
  assert.deepEqual(other.definition.command, ['/bin/sh', '-c', 'sleep 1 && echo hi']);
  assert.deepEqual(other.unsupported, ['numprocs 2']);
});

test('supervisord: a program without a command names the file and the section', () => {
  assert.throws(() => parseSupervisordConf('[program:x]\ndirectory=/tmp\n', '/c/s.conf'), (error: Error) => error instanceof DefinitionFileError && /\/c\/s\.conf: \[program:x\] command: is missing/.test(error.message));
});

const job = {
  Label: 'com.example.ghost',
  ProgramArguments: ['/usr/bin/python3', 'ghost.py'],
  WorkingDirectory: '/Users/me/ghost',
  EnvironmentVariables: { PORT: '5555', PATH: '/usr/bin' },
  KeepAlive: true,
  RunAtLoad: true,
};

test('launchd: XML and binary plists give the same definition, with KeepAlive and RunAtLoad', () => {
  for (const bytes of [Buffer.from(build(job)), Buffer.from(buildBinary(job))]) {
    const parsed = parseLaunchdPlist(bytes, '/Users/me/Library/LaunchAgents/com.example.ghost.plist');
    assert.equal(parsed.label, 'com.example.ghost');
    assert.equal(parsed.keepAlive, true);
    assert.equal(parsed.runAtLoad, true);
    assert.deepEqual(parsed.definition, { name: 'ghost', command: ['/usr/bin/python3', 'ghost.py'], cwd: '/Users/me/ghost', env: { PORT: '5555' }, port: 5555, portEnv: 'PORT', restart: 'always' });
  }
});

test('launchd: a file that is not a plist, and a plist without a program, are clear errors naming the file', () => {
  assert.throws(() => parseLaunchdPlist(Buffer.from('<plist><dict><key>Label</key>'), '/a/broken.plist'), /\/a\/broken\.plist: not a property list/);
  assert.throws(() => parseLaunchdPlist(Buffer.from(build({ Label: 'x' })), '/a/x.plist'), /\/a\/x\.plist: ProgramArguments: is missing/);
  assert.throws(() => parseLaunchdPlist(Buffer.from(build({ Label: 3 } as never)), '/a/y.plist'), /\/a\/y\.plist: Label:/);
});

test('systemd: ExecStart, WorkingDirectory, Environment= and Restart=; continuation lines; WantedBy', () => {
  const unit = [
    '[Unit]',
    'Description=Ghost',
    '[Service]',
    'WorkingDirectory=/srv/ghost',
    'Environment=PORT=5555 "GREETING=hi there"',
    'ExecStart=/usr/bin/python3 \\',
    '  ghost.py --verbose',
    'Restart=on-failure',
    '[Install]',
    'WantedBy=default.target',
  ].join('\n');
  const parsed = parseSystemdUnit(unit, '/home/me/.config/systemd/user/ghost.service');
  assert.equal(parsed.unit, 'ghost.service');
  assert.equal(parsed.restartSetting, 'on-failure');
  assert.equal(parsed.respawns, true);
  assert.deepEqual(parsed.wantedBy, ['default.target']);
  assert.deepEqual(parsed.definition, { name: 'ghost', command: ['/usr/bin/python3', 'ghost.py', '--verbose'], cwd: '/srv/ghost', env: { PORT: '5555', GREETING: 'hi there' }, port: 5555, portEnv: 'PORT', restart: 'on-failure' });
  assert.throws(() => parseSystemdUnit('[Unit]\nDescription=x\n', '/u/x.service'), /\/u\/x\.service: \[Service\] section: is missing/);
});

test('dump.pm2: the app with its interpreter; the shell env PM2 merged in, secrets and inherited values are not copied', () => {
  const dump = [
    {
      name: 'ghost',
      pm_exec_path: '/srv/ghost/ghost.py',
      pm_cwd: '/srv/ghost',
      exec_interpreter: 'python3',
      args: ['--verbose'],
      autorestart: true,
      exec_mode: 'fork_mode',
      pm_id: 0,
      env: { PORT: '5555', MODE: 'live', PATH: '/usr/bin', HOME: '/root', GITHUB_TOKEN: 'x', LANG: 'C.UTF-8', PIP_TIMEOUT: '60', PM2_HOME: '/p', ghost: {} },
    },
  ];
  const [app] = parsePm2Dump(JSON.stringify(dump), '/p/dump.pm2', { PIP_TIMEOUT: '60' });
  assert.ok(app);
  assert.equal(app.pmId, 0);
  assert.deepEqual(app.definition, { name: 'ghost', command: ['python3', '/srv/ghost/ghost.py', '--verbose'], cwd: '/srv/ghost', env: { PORT: '5555', MODE: 'live' }, port: 5555, portEnv: 'PORT', restart: 'always' });
  assert.deepEqual(app.leftOut, ['GITHUB_TOKEN']);
  assert.throws(() => parsePm2Dump('{"apps":', '/p/dump.pm2'), /\/p\/dump\.pm2: not JSON/);
  assert.throws(() => parsePm2Dump('[{"name":"x"}]', '/p/dump.pm2'), /\/p\/dump\.pm2: app 0 \(x\): script: is missing/);
});
