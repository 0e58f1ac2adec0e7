/**
 * Runs a system tool (ps, lsof) and gives its stdout, bounded in time and
 * size. Tools like lsof exit 1 when one of the things asked for had nothing to
 * show, so whatever was printed counts; a tool that is missing gives ''.
 */
import { execFile } from 'node:child_process';

const TOOL_TIMEOUT_MS = 10_000;
const TOOL_MAX_BUFFER = 64 * 1024 * 1024;

export function runTool(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: TOOL_MAX_BUFFER, encoding: 'utf8' }, (_error, stdout) => {
      resolve(typeof stdout === 'string' ? stdout : '');
    });
  });
}
