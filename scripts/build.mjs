// Builds everything `npm start`, the `upkeep` CLI and the tests need:
// the CLI and Electron main bundled by esbuild (one file each, so the CLI
// starts fast), the preload as CommonJS (sandboxed preloads cannot be ESM),
// and the renderer by Vite. Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const at = (p) => path.join(root, p);
const watch = process.argv.includes('--watch');

// CommonJS dependencies (tree-kill, pidusage, …) call require()
// for built-ins and read __filename; an ESM bundle has neither unless we define them.
const requireShim = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join(' ');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

/**
 * Chunk names carry a content hash, so every change leaves the old ones behind;
 * packaging copies dist/chunks whole. Removed after the build (not before), so
 * a CLI call running meanwhile never misses its chunk.
 */
function removeStaleChunks(results) {
  const dir = at('dist/chunks');
  const fresh = new Set(results.flatMap((result) => Object.keys(result.metafile.outputs)).map((file) => path.resolve(root, file)));
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const file = path.join(dir, name);
    if (!fresh.has(file)) rmSync(file, { force: true });
  }
  return results;
}

const jobs = [];
if (existsSync(at('app/cli/main.ts'))) {
  // Loaded per command: `upkeep status` then parses a few KB, not zod and the engine.
  const cliBundle = (entryPoints) =>
    build({
      ...node,
      entryPoints,
      outdir: 'dist',
      splitting: true,
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      banner: { js: requireShim },
      // Less for V8 to parse and keep: the daemon's heap (RssAnon) and every call's start-up.
      // Names are kept, so stack traces and error names still read (the source map has the rest).
      minify: !process.env.UPKEEP_NO_MINIFY,
      keepNames: true,
      metafile: true,
    });
  jobs.push(
    Promise.all([
      // dist/cli.mjs only picks one of the two below, so it imports nothing itself.
      build({ ...node, entryPoints: { cli: 'app/cli/main.ts' }, outdir: 'dist', format: 'esm', outExtension: { '.js': '.mjs' }, minify: true, metafile: true }),
      // Every command, split into chunks by what they share.
      cliBundle({ 'chunks/commands': 'app/cli/entry-commands.ts' }),
      // `upkeep status` on its own: in one build with the rest its code would be spread over the
      // chunks it shares with other commands (about twenty files, ~1 ms each to load); alone, two.
      cliBundle({ 'chunks/status': 'app/cli/entry-status.ts' }),
    ]).then(removeStaleChunks),
  );
}
if (existsSync(at('main/main.ts'))) {
  jobs.push(build({ ...node, entryPoints: ['main/main.ts'], outfile: 'dist/main.mjs', format: 'esm', external: ['electron'], banner: { js: requireShim } }));
}
if (existsSync(at('main/preload.ts'))) {
  jobs.push(build({ ...node, entryPoints: ['main/preload.ts'], outfile: 'dist/preload.cjs', format: 'cjs', external: ['electron'] }));
}
await Promise.all(jobs);

if (existsSync(at('renderer/index.html')) && !process.argv.includes('--no-renderer')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn', build: { watch: watch ? {} : null } });
}
