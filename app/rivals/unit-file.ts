/**
 * The few keys of a systemd unit file that say whether it runs a service and
 * restarts it: ExecStart (its `-@:+!` prefixes dropped), WorkingDirectory,
 * Restart, Environment. Continuation lines and `#`/`;` comments as systemd
 * reads them.
 */
import { splitWords } from './shell-words.ts';

export interface UnitFile {
  execStart: string[][];
  workingDirectory: string | null;
  /** Restart= as written, or null when unset (systemd's default: no). */
  restart: string | null;
  environment: Record<string, string>;
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (current === '' && /^\s*[#;]/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(current + line);
    current = '';
  }
  if (current) lines.push(current);
  return lines;
}

function environmentOf(value: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const word of splitWords(value)) {
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}

export function parseUnitFile(text: string): UnitFile {
  const unit: UnitFile = { execStart: [], workingDirectory: null, restart: null, environment: {} };
  let section = '';
  for (const line of logicalLines(text)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1] as string;
      continue;
    }
    if (section !== 'Service') continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'ExecStart') {
      if (value === '') unit.execStart = [];
      else {
        // Quoting as systemd does it, not a shell: quoted spaces kept, `;` just a character.
        const words = splitWords(value.replace(/^[-@:+!]+/, ''));
        if (words.length > 0) unit.execStart.push(words);
      }
    } else if (key === 'WorkingDirectory') {
      unit.workingDirectory = value.replace(/^-/, '') || null;
    } else if (key === 'Restart') {
      unit.restart = value || null;
    } else if (key === 'Environment') {
      Object.assign(unit.environment, environmentOf(value));
    }
  }
  return unit;
}

/** Restart= in Upkeep's words; null when it never restarts. */
export function restartPolicy(restart: string | null): 'always' | 'on-failure' | 'never' {
  if (restart === 'always') return 'always';
  if (restart === null || restart === 'no') return 'never';
  return 'on-failure';
}
