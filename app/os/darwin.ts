/**
 * The OS layer on macOS (and other Unixes without /proc): `ps` for start
 * times, the table and environments, `lsof` for cwds, listeners and a port's
 * holders. Tests run it on Linux against procps ps and lsof (see ps-output.ts
 * for where the two ps differ). A tool that fails is an error, never an
 * empty answer (run-tool.ts).
 */
import type { EnvProcess, OsLayer, ProcessEntry, SocketHolder, WantCwd } from './layer.ts';
import { parseLsofCwds, parseLsofHolders, parseLsofListeners } from './lsof-output.ts';
import { parsePsEnv, parsePsTable, parseStatLstart } from './ps-output.ts';
import { runTool, runToolSync } from './run-tool.ts';

function startTime(pid: number): string | null {
  const start = parseStatLstart(runToolSync('ps', ['-o', 'stat=,lstart=', '-p', String(pid)]));
  return start === null ? null : `ps:${start}`;
}

async function listProcesses(wantCwd: WantCwd): Promise<ProcessEntry[]> {
  const entries = parsePsTable(await runTool('ps', ['-axo', 'pid=,ppid=,pgid=,command=']));
  const wanted = entries.filter((entry) => entry.argv.length > 0 && wantCwd(entry));
  if (wanted.length > 0) {
    const cwds = parseLsofCwds(await runTool('lsof', ['-a', '-d', 'cwd', '-Fpn', '-p', wanted.map((entry) => entry.pid).join(',')]));
    for (const entry of wanted) entry.cwd = cwds.get(entry.pid) ?? null;
  }
  return entries;
}

async function processesWithEnv(marker: string): Promise<EnvProcess[]> {
  // `ps eww` appends each process's environment to its command line (own processes only).
  const rows = parsePsEnv(await runTool('ps', ['eww', '-axo', 'pid=,ppid=,pgid=,command=']), marker);
  return rows.filter((row) => row.env.some((entry) => entry.startsWith(marker)));
}

async function listenerHolders(port: number): Promise<SocketHolder[]> {
  return parseLsofHolders(await runTool('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-FpR']));
}

/** `ps` gives the command as one line: argv split on whitespace (an argument with a space becomes two). */
async function argvOf(pid: number): Promise<string[] | null> {
  const line = (await runTool('ps', ['-o', 'command=', '-p', String(pid)])).trim();
  return line ? line.split(/\s+/) : null;
}

export const darwin: OsLayer = {
  name: 'darwin',
  startTime,
  listProcesses,
  processesWithEnv,
  listListeners: async () => parseLsofListeners(await runTool('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-Fn'])),
  listenerHolders,
  argvOf,
  wildcardBindSeesEveryListener: false,
};

