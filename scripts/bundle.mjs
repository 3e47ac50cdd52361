// Bundles the command line (and its batch worker) into dist/bin/: one file to load instead of some sixty
// modules, which is most of a one-file run's start-up on Node 20 (no module compile cache there). The library
// (dist/src) stays unbundled. The worker entry sits beside the bundle, where migrate() looks for it.
// Everything is bundled but the two dependencies loaded lazily by some runs only.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

/**
 * meow ships its dependencies pre-bundled in one file that, when it is loaded, sets up normalize-package-data
 * (semver, the SPDX licence lists, hosted-git-info), @babel/code-frame and child_process, though a run that
 * is handed `pkg` or never prints a JSON error needs none of them: about 15 ms of every start-up (measured, a
 * third of what meow costs). These edits make those set-ups happen on first use instead. Each must match
 * exactly once, so a new meow build fails the bundle here rather than quietly bringing the cost back.
 */
const LAZY_MEOW = [
  ["import { execFile } from 'node:child_process';\n", ''],
  ['promisify(execFile);\n', ''],
  ['var libExports = requireLib$1();\n', ''],
  ['return libExports.codeFrameColumns(', 'return requireLib$1().codeFrameColumns('],
  [
    'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);\n',
    'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);\n',
  ],
];

const lazyMeow = {
  name: 'lazy-meow-dependencies',
  transform(code, id) {
    if (!/[\\/]meow[\\/]build[\\/]dependencies\.js$/.test(id)) return null;
    let out = code;
    for (const [from, to] of LAZY_MEOW) {
      const count = out.split(from).length - 1;
      if (count !== 1) throw new Error(`scripts/bundle.mjs: meow's dependencies.js has ${count} copies of ${JSON.stringify(from)} (expected 1): update LAZY_MEOW for this meow version`);
      out = out.replace(from, to);
    }
    return { code: out, map: null };
  },
};

/** What the command says about itself (package-info.ts): inlined, so a run reads no package.json. */
const { name, version, description, homepage } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const out = new URL('../dist/bin/', import.meta.url);
rmSync(out, { recursive: true, force: true });
await build({
  input: { 'msd-convert': 'dist/src/cli.js', worker: 'dist/src/batch/worker.js' },
  platform: 'node',
  // Loaded lazily and only by some runs; write-file-atomic is CommonJS that needs its own __filename.
  external: ['write-file-atomic', 'tinyglobby'],
  plugins: [lazyMeow],
  transform: { define: { MSD_CONVERT_PACKAGE: JSON.stringify({ name, version, description, homepage }) } },
  logLevel: 'warn',
  output: { dir: out.pathname, format: 'esm', minify: true, chunkFileNames: '[name]-[hash].js' },
});
