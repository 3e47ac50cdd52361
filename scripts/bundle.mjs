// Bundles the command line (and its batch worker) into dist/bin/: one file to load instead of some sixty
// modules, which is most of a one-file run's start-up on Node 20 (no module compile cache there). The library
// (dist/src) stays unbundled. The worker entry sits beside the bundle, where migrate() looks for it.
// Everything is bundled but the two dependencies loaded lazily by some runs only.
import { rmSync } from 'node:fs';
import { build } from 'rolldown';

const out = new URL('../dist/bin/', import.meta.url);
rmSync(out, { recursive: true, force: true });
await build({
  input: { 'msd-convert': 'dist/src/cli.js', worker: 'dist/src/batch/worker.js' },
  platform: 'node',
  // Loaded lazily and only by some runs; write-file-atomic is CommonJS that needs its own __filename.
  external: ['write-file-atomic', 'tinyglobby'],
  logLevel: 'warn',
  output: { dir: out.pathname, format: 'esm', minify: true, chunkFileNames: '[name]-[hash].js' },
});
