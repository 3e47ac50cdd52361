#!/usr/bin/env node
// `npm run fuzz [-- --seed N --count N --max-ms N]`: mutates the corpus Dockerfiles (../shared/corpus) and runs
// every mutant through the built library (dist/). Asserts no crash, no hang (per-mutant time bound) and that
// every non-error output passes the sweep's invariants. Prints the seed (random unless given) so a run can be
// repeated; findings are written to fuzz-findings/ for reproduction. Exit 1 when there are findings.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validate } from 'dockerfile-utils';
import { convert } from '../dist/src/index.js';
import { parse } from '../dist/src/model/parse.js';
import { preservationProblems } from '../dist/src/pipeline/bytes.js';
import { fuzz } from '../test/helpers/fuzz.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seed: { type: 'string' }, count: { type: 'string', default: '10000' }, 'max-ms': { type: 'string', default: '2000' } } });
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const count = Number(values.count);
const maxMs = Number(values['max-ms']);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1 || !(maxMs > 0)) {
  console.error('usage: node scripts/fuzz.mjs [--seed N] [--count N] [--max-ms N]');
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
console.log(`fuzz: seed ${seed}, ${count} mutants of ${texts.length} corpus files, limit ${maxMs} ms per mutant`);
const tty = process.stderr.isTTY && process.stderr.columns > 0;
const run = fuzz({
  lib: { convert: (t) => convert(t), parse, preservationProblems, validate },
  texts,
  seed,
  count,
  maxMs,
  onProgress: (n) => {
    if (tty && n % 200 === 0) process.stderr.write(`\r${n}/${count}`);
  },
});
if (tty) process.stderr.write('\r');
const s = run.statuses;
console.log(`${run.count} mutants in ${run.seconds.toFixed(1)} s: ${s.converted} converted, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error} errors`);
console.log(`mutations: ${Object.entries(run.ops).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`slowest mutant: #${run.slowest.index} (${run.slowest.ops.join('+')}) ${run.slowest.ms.toFixed(0)} ms`);
if (run.findings.length) {
  const out = join(root, 'fuzz-findings');
  mkdirSync(out, { recursive: true });
  for (const f of run.findings) {
    const file = join(out, `seed-${seed}-${f.index}.Dockerfile`);
    writeFileSync(file, f.text);
    console.log(`finding #${f.index} (${names[f.source]}; ${f.ops.join('+')}): ${f.problems.join('; ').slice(0, 400)}\n  → ${file}`);
  }
}
console.log(`findings: ${run.findings.length} (seed ${seed})`);
process.exitCode = run.findings.length ? 1 : 0;
