/**
 * The environment and argv a service starts with: the engine's environment,
 * then the env file, then the service's own env, the venv, the port, and the
 * tags that let the engine find every process of this run later.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceSpec } from '../config/schema.ts';
import { PORT_DEFAULTS } from '../config/defaults.ts';

import { fillPort } from '../shared/port-template.ts';
import { TAG } from './tags.ts';

export interface LaunchPlan {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Without a port, `{port}` stays as written (the service then says what is missing). */
export function substitutePort(text: string, port: number | null): string {
  return fillPort(text, port) ?? text;
}

export function resolveCwd(spec: ServiceSpec, fallback: string): string {
  return spec.cwd ? path.resolve(fallback, spec.cwd) : fallback;
}

/**
 * Rejects with a readable message when the env file cannot be read. dotenv
 * is loaded with the first env file, not with the engine: its module loads
 * node:crypto (for encrypted files, which Upkeep does not read), see
 * shared/unique-id.ts.
 */
export async function buildLaunchPlan(spec: ServiceSpec, options: { port: number | null; runId: string; dataDir: string; baseEnv: NodeJS.ProcessEnv; defaultCwd: string }): Promise<LaunchPlan> {
  const cwd = resolveCwd(spec, options.defaultCwd);
  const env: NodeJS.ProcessEnv = { ...options.baseEnv };
  if (spec.envFile) {
    const file = path.resolve(cwd, spec.envFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`env file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const { parse } = await import('dotenv');
    Object.assign(env, parse(text));
  }
  Object.assign(env, spec.env ?? {});
  if (spec.venv) {
    const venv = path.resolve(cwd, spec.venv);
    const bin = path.join(venv, 'bin');
    env.VIRTUAL_ENV = venv;
    env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
    delete env.PYTHONHOME;
  }
  if (options.port !== null) env[spec.portEnv ?? PORT_DEFAULTS.env] = String(options.port);
  // Inherited by every descendant: how the engine finds a run's processes without any file.
  env[TAG.dataDir] = options.dataDir;
  env[TAG.service] = spec.name;
  env[TAG.runId] = options.runId;

  const argv = spec.command.map((part) => substitutePort(part, options.port));
  if (spec.shell) {
    const line = argv.join(' ');
    return { file: '/bin/sh', args: ['-c', line], cwd, env };
  }
  const [file, ...args] = argv as [string, ...string[]];
  return { file, args, cwd, env };
}
