// Builds everything `npm start`, the `upkeep` CLI and the tests need:
// the CLI and Electron main bundled by esbuild (one file each, so the CLI
// starts fast), the preload as CommonJS (sandboxed preloads cannot be ESM),
// and the renderer by Vite. Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const at = (p) => path.join(root, p);
const watch = process.argv.includes('--watch');

// CommonJS dependencies (tree-kill, pidusage, …) call require()
// for built-ins and read __filename; an ESM bundle has neither unless we define them.
const requireShim = [
  "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  "const __filename = process.getBuiltinModule('node:url').fileURLToPath(import.meta.url);",
  "const __dirname = process.getBuiltinModule('node:path').dirname(__filename);",
].join(' ');

/**
 * Built-in modules that app code imports come from process.getBuiltinModule (Node ≥ 20.16),
 * not an ES import. An ES import of a built-in builds a facade that reads every export, and
 * the lazy ones load more modules (`node:util` about 7 ms, `node:fs` 4.4 ms) in every CLI call,
 * and a status bar polls `upkeep status`. Here each name is read where it is used: the module
 * is CommonJS to esbuild, and its exports are getters, because esbuild's interop copies
 * property descriptors, which runs Node's lazy data properties. `require()` calls in
 * dependencies are left alone: they get the real module, and may patch it.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      if (args.kind !== 'import-statement' || !builtinModules.includes(bare)) return undefined;
      return { path: `node:${bare}`, namespace: 'builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: [
        `const real = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        'const names = {};',
        'for (const key of Object.getOwnPropertyNames(real)) Object.defineProperty(names, key, { get: () => real[key], enumerable: true });',
        'module.exports = names;',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const node = {
  bundle: true,
  plugins: [lazyBuiltins],
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
  // A sandboxed preload's `process` has no getBuiltinModule (and its require only a few modules): no lazy built-ins there.
  jobs.push(build({ ...node, plugins: [], entryPoints: ['main/preload.ts'], outfile: 'dist/preload.cjs', format: 'cjs', external: ['electron'] }));
}
await Promise.all(jobs);

if (existsSync(at('renderer/index.html')) && !process.argv.includes('--no-renderer')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn', build: { watch: watch ? {} : null } });
}
