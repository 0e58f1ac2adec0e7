/** `upkeep completion bash|zsh`, checked by a real bash. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempHome } from '../support/temp-home.ts';
import { assertBuilt, runCliOk } from './cli-process.ts';

test.before(assertBuilt);

/** Runs the completion function in a real bash as if the user had typed `words` and pressed Tab. */
function complete(script: string, words: string[]): string[] {
  const program = `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _upkeep; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program, 'bash', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

test('completion: bash accepts the script, and it completes commands, flags and their values', { skip: spawnSync('bash', ['--version']).status !== 0 && 'no bash here' }, async (t) => {
  const home = tempHome(t);
  const script = path.join(home, 'upkeep.bash');
  fs.writeFileSync(script, await runCliOk(home, ['completion', 'bash']));
  const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  const zsh = await runCliOk(home, ['completion', 'zsh']);
  assert.match(zsh, /bashcompinit/);
  assert.ok(zsh.includes(fs.readFileSync(script, 'utf8').trim()), 'zsh runs the same function');

  assert.deepEqual(complete(script, ['upkeep', 'ed']), ['edit']);
  assert.deepEqual(complete(script, ['upkeep', 're']).sort(), ['reload', 'remove', 'restart', 'restore']);
  assert.deepEqual(complete(script, ['upkeep', 'edit', 'web', '--when-']).sort(), ['--when-changed', '--when-not-empty']);
  assert.deepEqual(complete(script, ['upkeep', 'add', 'web', '--clea']), [], 'add has no --clear');
  assert.deepEqual(complete(script, ['upkeep', 'edit', 'web', '--restart', 'o']), ['on-failure']);
  assert.deepEqual(complete(script, ['upkeep', 'logs', 'web', '-']).sort(), ['-f', '-n']);
  assert.deepEqual(complete(script, ['upkeep', 'completion', 'z']), ['zsh']);
});

