/**
 * @doyensec/electronegativity over main/ and renderer/. Its CLI exits 0
 * whatever it finds, so its findings are read here, and every one must be
 * listed, with a justification, in .electronegativity-reviewed.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCANNER = path.join(ROOT, 'test', 'main', 'helpers', 'electronegativity-scan.ts');
const REVIEWED = path.join(ROOT, '.electronegativity-reviewed.json');
const SCANNED = ['main', 'renderer'];

interface Reviewed {
  excludedChecks: Array<{ check: string; justification: string }>;
  reviewed: Array<{ id: string; file: string; sample: string; justification: string }>;
}

interface Finding {
  id: string;
  file: string;
  line: number;
  sample: string;
  message: string;
}

/** Runs the tool on a copy of main/ and renderer/ (one input, so its global checks see the whole app) plus a canary. */
async function scan(t: Parameters<typeof tempHome>[0], excluded: string[]): Promise<Finding[]> {
  const dir = tempHome(t);
  const input = path.join(dir, 'app');
  for (const folder of SCANNED) cpSync(path.join(ROOT, folder), path.join(input, folder), { recursive: true });
  // A known-bad file, so a scan that silently checks nothing cannot pass.
  mkdirSync(path.join(input, 'canary'));
  writeFileSync(path.join(input, 'canary', 'canary.js'), "new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n");
  const output = path.join(dir, 'findings.json');
  const electronVersion = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const args = ['--import', 'tsx', SCANNER, input, output, electronVersion, excluded.join(',')];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  killAtEnd(t, () => [child.pid]);
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`electronegativity still running after 90 s: ${log}`)), 90_000);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  assert.equal(code, 0, log);
  assert.ok(existsSync(output), `no findings written: ${log}`);
  const result = JSON.parse(readFileSync(output, 'utf8')) as {
    issues: Array<{ id: string; file: string; sample?: string; description: string; location: { line: number } }>;
    errors: unknown[];
  };
  assert.deepEqual(result.errors, [], 'every file parsed');
  // The flagged code (not the line number) identifies a finding across edits elsewhere in the file.
  return result.issues.map((issue) => ({
    id: issue.id,
    file: issue.file,
    line: issue.location.line,
    sample: issue.sample ?? issue.description,
    message: issue.description,
  }));
}

test('electronegativity finds nothing in main/ and renderer/ that has not been reviewed', { timeout: 120_000 }, async (t) => {
  const reviewed = JSON.parse(readFileSync(REVIEWED, 'utf8')) as Reviewed;
  for (const entry of [...reviewed.reviewed, ...reviewed.excludedChecks]) {
    assert.ok(entry.justification.length >= 40, `every reviewed entry says why: ${JSON.stringify(entry)}`);
  }
  const findings = await scan(t, reviewed.excludedChecks.map((e) => e.check));

  const canary = findings.filter((f) => f.file.startsWith('canary/'));
  assert.ok(canary.some((f) => f.id === 'NODE_INTEGRATION_JS_CHECK'), `the scan flags a known-bad file (found: ${canary.map((f) => f.id).join(', ')})`);
  const ours = findings.filter((f) => !f.file.startsWith('canary/'));

  const isListed = (f: Finding) => reviewed.reviewed.some((r) => r.id === f.id && r.file === f.file && r.sample === f.sample);
  const unreviewed = ours.filter((f) => !isListed(f));
  assert.deepEqual(
    unreviewed.map((f) => `${f.id} ${f.file}:${f.line} ${f.message} — ${JSON.stringify(f.sample)}`),
    [],
    'fix these, or review them and add them (id, file, sample, justification) to .electronegativity-reviewed.json',
  );
  const stale = reviewed.reviewed.filter((r) => !ours.some((f) => f.id === r.id && f.file === r.file && f.sample === r.sample));
  assert.deepEqual(stale.map((r) => `${r.id} ${r.file}`), [], 'no longer reported: remove from .electronegativity-reviewed.json');
});
