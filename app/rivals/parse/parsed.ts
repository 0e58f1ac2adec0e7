/**
 * What every parser of a foreign definition returns: the definition in
 * Upkeep's terms (ForeignDefinition), where it came from, and what could not
 * be carried over. Detection (`doctor`), the takeover and `upkeep import`
 * read the same records.
 */
import type { ForeignDefinition } from '../finding.ts';

export interface DefinitionSource {
  /** The file the definition was read from. */
  file: string;
  /** The section, app or label inside it (`program:ghost`, `ghost`, a plist label). */
  entry: string;
  /** 1-based line of the entry, when the format has lines. */
  line: number | null;
}

export interface ParsedDefinition {
  definition: ForeignDefinition;
  from: DefinitionSource;
  /** Whether the rival starts it again by itself (autorestart, Restart=, KeepAlive). */
  respawns: boolean;
  /** Whether it starts at boot or load (autostart, RunAtLoad, a saved dump, an enabled unit). */
  startsAtBoot: boolean;
  /** Settings Upkeep cannot carry over (cluster mode, several instances, another user): import refuses them. */
  unsupported: string[];
  /** Environment variables deliberately not copied (secrets, the launching shell's own). */
  leftOut: string[];
}

/** A file that cannot be read as its format: the message names the file and the field. */
export class DefinitionFileError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'DefinitionFileError';
    this.file = file;
  }
}

/** The environment variable that carries the port, and the port, from an env and argv. */
export function portOf(env: Record<string, string>, command: readonly string[]): { port: number | null; portEnv: string | null } {
  const candidates = Object.keys(env).filter((key) => /(^|_)PORT$/.test(key) && /^\d{1,5}$/.test(env[key] ?? ''));
  const key = candidates.includes('PORT') ? 'PORT' : candidates[0];
  if (key !== undefined) {
    const port = Number(env[key]);
    if (port >= 1 && port <= 65535) return { port, portEnv: key };
  }
  for (let i = 0; i < command.length - 1; i += 1) {
    if (['--port', '-p'].includes(command[i] as string) && /^\d{1,5}$/.test(command[i + 1] as string)) {
      const port = Number(command[i + 1]);
      if (port >= 1 && port <= 65535) return { port, portEnv: null };
    }
    const bind = /^(?:--port=|--bind=(?:[\w.]*):)(\d{1,5})$/.exec(command[i + 1] ?? '');
    if (bind) return { port: Number(bind[1]), portEnv: null };
  }
  return { port: null, portEnv: null };
}
