// Builds the renderer into dist/renderer. `base: './'` keeps every asset URL
// relative, so the same build loads from file:// in Electron and from the
// dashboard server. JSX goes through Vite's own esbuild (no React plugin).
import { defineConfig } from 'vite';

// import.meta.dirname, not node:url: lint keeps node:* out of renderer/ (this file is the one that runs in Node).
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    // Relative to root.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // No inline <script>/data: modules: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; harmless, and noise in every build.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
