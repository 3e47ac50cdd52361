#!/usr/bin/env node
// `npm run fuzz [-- --seed N --count N --generated N --max-ms N]`: mutates the corpus Dockerfiles
// (../shared/corpus), and composes files from constructs (test/helpers/compose.mjs: comment lines inside
// continuations, heredocs, `# escape=` backticks, ONBUILD, Windows paths, JSON and shell forms, flags, parser
// directives, CRLF), and runs each through the built library (dist/), the composed ones with their build context
// and a runtime-base policy. Asserts no crash, no hang (per-file time bound) and that every non-error output
// passes the sweep's invariants. Prints the seed (random unless given) so a run can be repeated; findings are
// written to fuzz-findings/ for reproduction. Exit 1 when there are findings.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validate } from 'dockerfile-utils';
import { convert, projectFromFiles } from '../dist/src/index.js';
import { parse } from '../dist/src/model/parse.js';
import { preservationProblems } from '../dist/src/pipeline/bytes.js';
import { fuzz, generated } from '../test/helpers/fuzz.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seed: { type: 'string' }, count: { type: 'string', default: '10000' }, generated: { type: 'string', default: '10000' }, 'max-ms': { type: 'string', default: '2000' } } });
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const count = Number(values.count);
const composed = Number(values.generated);
const maxMs = Number(values['max-ms']);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 0 || !Number.isInteger(composed) || composed < 0 || !(maxMs > 0)) {
  console.error('usage: node scripts/fuzz.mjs [--seed N] [--count N] [--generated N] [--max-ms N]');
  process.exit(2);
}
const dir = join(root, '..', 'shared', 'corpus', 'dockerfiles');
let names;
try {
  names = readdirSync(dir).sort();
} catch {
  console.error(`corpus not found at ${dir}`);
  process.exit(2);
}
const texts = names.map((n) => readFileSync(join(dir, n), 'utf8'));
const tty = process.stderr.isTTY && process.stderr.columns > 0;
const progress = (total) => (n) => {
  if (tty && n % 200 === 0) process.stderr.write(`\r${n}/${total}`);
};
const lib = { convert: (t, o) => convert(t, o), parse, preservationProblems, validate, project: projectFromFiles };

/** Prints one run and writes its findings; returns how many there were. */
function report(run, what, sourceOf) {
  if (tty) process.stderr.write('\r');
  const s = run.statuses;
  console.log(`${run.count} ${what} in ${run.seconds.toFixed(1)} s: ${s.converted} converted, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error} errors`);
  console.log(`${what === 'mutants' ? 'mutations' : 'constructs'}: ${Object.entries(run.ops).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`slowest: #${run.slowest.index} (${run.slowest.ops.join('+')}) ${run.slowest.ms.toFixed(0)} ms`);
  if (run.findings.length) {
    const out = join(root, 'fuzz-findings');
    mkdirSync(out, { recursive: true });
    for (const f of run.findings) {
      const file = join(out, `seed-${seed}-${what}-${f.index}.Dockerfile`);
      writeFileSync(file, f.text);
      if (f.files) writeFileSync(file.replace(/Dockerfile$/, 'context.json'), JSON.stringify({ files: f.files, options: f.options }, null, 2));
      console.log(`finding #${f.index} (${sourceOf(f)}; ${f.ops.join('+')}): ${f.problems.join('; ').slice(0, 400)}\n  → ${file}`);
    }
  }
  return run.findings.length;
}

let findings = 0;
if (count > 0) {
  console.log(`fuzz: seed ${seed}, ${count} mutants of ${texts.length} corpus files, limit ${maxMs} ms each`);
  findings += report(fuzz({ lib: { ...lib, convert: (t) => convert(t) }, texts, seed, count, maxMs, onProgress: progress(count) }), 'mutants', (f) => names[f.source]);
}
if (composed > 0) {
  console.log(`fuzz: seed ${seed}, ${composed} files composed from constructs, limit ${maxMs} ms each`);
  findings += report(generated({ lib, seed, count: composed, maxMs, onProgress: progress(composed) }), 'generated', () => 'composed');
}
console.log(`findings: ${findings} (seed ${seed})`);
process.exitCode = findings ? 1 : 0;
