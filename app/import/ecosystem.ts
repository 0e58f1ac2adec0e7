/**
 * A PM2 ecosystem file. `.json` is parsed; `.js`/`.cjs`/`.mjs` is the user's
 * own code, so it runs in a child node process (never in the CLI), with a
 * time bound, and only its `apps` come back, as JSON on stdout.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DefinitionFileError, type ParsedDefinition } from '../rivals/parse/parsed.ts';
import { parsePm2App } from '../rivals/parse/pm2-app.ts';

const EVALUATE_TIMEOUT_MS = 5_000;
const MAX_OUTPUT = 4 * 1024 * 1024;

// Loaded with import(), which reads CommonJS and ES modules alike; functions and the like do not survive JSON.
const LOADER = `
const { pathToFileURL } = require('node:url');
import(pathToFileURL(process.argv[1]).href).then((mod) => {
  const value = mod.default ?? mod;
  const apps = Array.isArray(value) ? value : value && value.apps;
  process.stdout.write(JSON.stringify(apps === undefined ? null : apps));
}, (error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
`;

function evaluate(file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', LOADER, file], { cwd: path.dirname(file), timeout: EVALUATE_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const why = (error as { killed?: boolean }).killed ? `did not finish within ${EVALUATE_TIMEOUT_MS / 1000} s` : (stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? stderr.trim().split('\n')[0] ?? error.message);
        reject(new DefinitionFileError(file, `cannot be evaluated: ${why}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new DefinitionFileError(file, 'did not export apps that can be read'));
      }
    });
  });
}

export async function readEcosystem(file: string, inherited: Readonly<Record<string, string | undefined>>): Promise<ParsedDefinition[]> {
  let apps: unknown;
  if (file.endsWith('.json')) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new DefinitionFileError(file, `not JSON (${(error as Error).message})`);
    }
    apps = Array.isArray(raw) ? raw : (raw as { apps?: unknown } | null)?.apps;
  } else {
    apps = await evaluate(file);
  }
  if (!Array.isArray(apps)) throw new DefinitionFileError(file, 'apps: expected a list of apps (module.exports = { apps: [...] })');
  return apps.map((app, index) => parsePm2App(app, { file, index, baseDir: path.dirname(file) }, inherited));
}
