/**
 * A private machine for rival detection: a temp root that every system and
 * home path goes through, a stand-in `crontab` first on PATH that keeps a
 * temp file, and a command runner that records every call and answers
 * systemctl / launchctl itself (a test that missed the seam would really
 * change units here).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { defaultRunner, machineSeams, type CommandResult, type CommandRunner, type RivalSeams } from '../../app/rivals/seams.ts';

export interface FakeMachine {
  root: string;
  /** The engine user's home, as a path inside `root`. */
  home: string;
  /** PATH with the stand-in crontab first. */
  path: string;
  crontabFile: string;
  calls: Array<{ file: string; args: string[]; pm2Home: string | null }>;
  /** Canned answers for systemctl / launchctl, keyed by "file arg arg…". */
  answers: Map<string, CommandResult>;
  seams(extra?: Partial<RivalSeams>): RivalSeams;
  /** Writes a file under the root (system or home path as the machine would see it). */
  write(file: string, text: string | Buffer): string;
}

const NOT_THERE: CommandResult = { code: null, stdout: '', stderr: '', error: 'ENOENT' };

export function fakeMachine(t: TestContext): FakeMachine {
  const root = mkdtempSync(path.join(os.tmpdir(), 'upkeep-rivals-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = '/home/tester';
  const bin = path.join(root, 'stand-ins');
  mkdirSync(bin, { recursive: true });
  const crontabFile = path.join(root, 'crontab.txt');
  writeFileSync(
    path.join(bin, 'crontab'),
    `#!/bin/sh\nF='${crontabFile}'\ncase "$1" in\n  -l) if [ -f "$F" ]; then cat "$F"; else echo "no crontab for tester" >&2; exit 1; fi ;;\n  -) cat > "$F" ;;\n  *) cat "$1" > "$F" ;;\nesac\n`,
  );
  chmodSync(path.join(bin, 'crontab'), 0o755);
  const searchPath = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
  const calls: FakeMachine['calls'] = [];
  const answers = new Map<string, CommandResult>();
  const real = defaultRunner({ ...process.env, PATH: searchPath });
  const run: CommandRunner = async (file, args, options) => {
    calls.push({ file, args, pm2Home: options?.env?.PM2_HOME ?? null });
    if (file === 'systemctl' || file === 'launchctl') return answers.get([file, ...args].join(' ')) ?? NOT_THERE;
    return real(file, args, { ...options, env: { ...(options?.env ?? process.env), PATH: searchPath } });
  };
  const machine: FakeMachine = {
    root,
    home,
    path: searchPath,
    crontabFile,
    calls,
    answers,
    seams: (extra = {}) => ({ ...machineSeams({ root, home, env: { ...process.env, PATH: searchPath }, run }), ...extra }),
    write(file, text) {
      const full = path.join(root, file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
  };
  return machine;
}

/** A project folder with a tiny Python HTTP runner (ghost.py), like the seeds' Flask runner. */
export function ghostProject(t: TestContext): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upkeep-ghost-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'ghost.py'),
    [
      'import http.server, os',
      "port = int(os.environ.get('PORT', '5555'))",
      'class Handler(http.server.BaseHTTPRequestHandler):',
      '    def do_GET(self):',
      '        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")',
      '    def log_message(self, *args):',
      '        pass',
      "http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()",
      '',
    ].join('\n'),
  );
  return dir;
}
