/**
 * Runs a system tool (ps, lsof) and gives its stdout, bounded in time and
 * size. lsof exits 1 when a selection had nothing to show, and ps when a
 * `-p` pid is gone: a non-zero exit with nothing on stderr is an empty answer.
 * A tool that cannot run, is cut off, or complains on stderr without printing
 * anything is a ToolError, never an empty list: an empty list would read as
 * "no processes", "no listeners", "no copies".
 */
import { execFile, execFileSync, type ExecFileException } from 'node:child_process';

const TOOL_TIMEOUT_MS = 10_000;
const TOOL_MAX_BUFFER = 64 * 1024 * 1024;

export class ToolError extends Error {
  override name = 'ToolError';
}

/**
 * procps (Linux) reads BSD option forms like `ps eww -axo …` only in its BSD
 * personality ("must set personality to get -x option" otherwise). macOS ps
 * ignores the variable, so it is set for every tool run.
 */
function toolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PS_PERSONALITY: 'bsd' };
}

/** lsof warns about file systems it cannot stat on stderr even when it answers. */
function complaint(stderr: string): string | null {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line && !/^lsof: WARNING:/.test(line));
  return lines[0] ?? null;
}

function failure(file: string, args: readonly string[], error: ExecFileException | NodeJS.ErrnoException, stdout: string, stderr: string): ToolError | null {
  const call = [file, ...args].join(' ');
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') return new ToolError(`${call}: ${code === 'ENOENT' ? 'not found' : code}`);
  if ((error as ExecFileException).killed || (error as ExecFileException).signal) return new ToolError(`${call}: cut off after ${TOOL_TIMEOUT_MS} ms or by a signal`);
  const said = complaint(stderr);
  if (said && stdout.trim() === '') return new ToolError(`${call}: ${said}`);
  return null;
}

export function runTool(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: TOOL_TIMEOUT_MS, maxBuffer: TOOL_MAX_BUFFER, encoding: 'utf8', env: toolEnv() }, (error, stdout, stderr) => {
      const problem = error ? failure(file, args, error, stdout, stderr) : null;
      if (problem) reject(problem);
      else resolve(stdout);
    });
  });
}

/** The same, synchronously: for the one question asked on hot synchronous paths (a pid's start time). */
export function runToolSync(file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, [...args], { timeout: TOOL_TIMEOUT_MS, maxBuffer: TOOL_MAX_BUFFER, encoding: 'utf8', env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const err = error as ExecFileException & { stdout?: string; stderr?: string };
    const problem = failure(file, args, err, String(err.stdout ?? ''), String(err.stderr ?? ''));
    if (problem) throw problem;
    return String(err.stdout ?? '');
  }
}
