// Bundles the command line (and its batch worker) into dist/bin/: one file to load instead of some sixty
// modules, which is most of a one-file run's start-up on Node 20 (no module compile cache there). The library
// (dist/src) stays unbundled. The worker entry sits beside the bundle, where migrate() looks for it.
// Everything is bundled but the two dependencies loaded lazily by some runs only.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

/**
 * meow ships its dependencies pre-bundled in one file that, when it is loaded, sets up normalize-package-data
 * (semver, the SPDX licence lists, hosted-git-info), @babel/code-frame and child_process. The command hands meow
 * its package metadata (`pkg`), so the package.json search and the normalizer are never used, yet loading and
 * setting them up cost about a third of what meow adds to a start-up (measured). These edits make the set-ups
 * lazy (LAZY_MEOW) and drop meow's calls into the search and the normalizer (GIVEN_PKG), so the bundler leaves
 * the whole chain out (the command's own file: 134 kB → 52 kB). Each edit must match exactly once: a new meow
 * build fails the bundle here rather than quietly bringing the cost back or changing what meow does.
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

/** meow's options.js, handed `pkg`: no package.json search, no normalizing (cli.pkg is the metadata as given). */
const GIVEN_PKG = [
  ['const foundPackage = options.pkg ?? readPackageUpSync({', 'const foundPackage = options.pkg ?? (() => undefined)({'],
  ['normalizePackageData(pkg);', ''],
];

const EDITS = [
  [/[\\/]meow[\\/]build[\\/]dependencies\.js$/, LAZY_MEOW],
  [/[\\/]meow[\\/]build[\\/]options\.js$/, GIVEN_PKG],
];

const leanMeow = {
  name: 'lean-meow',
  transform(code, id) {
    const edits = EDITS.find(([file]) => file.test(id))?.[1];
    if (!edits) return null;
    let out = code;
    for (const [from, to] of edits) {
      const count = out.split(from).length - 1;
      if (count !== 1) throw new Error(`scripts/bundle.mjs: ${id} has ${count} copies of ${JSON.stringify(from)} (expected 1): update the edits for this meow version`);
      out = out.replace(from, to);
    }
    return { code: out, map: null };
  },
};

/** What the command says about itself (src/package-info.ts): inlined, so a run reads no package.json. */
const { name, version, description, homepage } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const out = new URL('../dist/bin/', import.meta.url);
rmSync(out, { recursive: true, force: true });
await build({
  input: { 'msd-convert': 'dist/src/cli.js', worker: 'dist/src/batch/worker.js' },
  platform: 'node',
  // Loaded lazily and only by some runs; write-file-atomic is CommonJS that needs its own __filename.
  external: ['write-file-atomic', 'tinyglobby'],
  plugins: [leanMeow],
  transform: { define: { MSD_CONVERT_PACKAGE: JSON.stringify({ name, version, description, homepage }) } },
  logLevel: 'warn',
  output: { dir: out.pathname, format: 'esm', minify: true, chunkFileNames: '[name]-[hash].js' },
});
