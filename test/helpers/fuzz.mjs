// The fuzz loop shared by `npm run fuzz` and the fixed-seed sample in `npm test`: mutate corpus files, convert
// each mutant, time it, and check the result with the same invariants as the sweep.
import { compose } from './compose.mjs';
import { mutate, rng } from './mutate.mjs';
import { resultProblems } from './invariants.mjs';

/**
 * @param {object} o
 * @param {{ convert: Function, parse: Function, preservationProblems: Function, validate: Function }} o.lib
 * @param {string[]} o.texts corpus texts to mutate
 * @param {number} o.seed
 * @param {number} o.count mutants
 * @param {number} o.maxMs a mutant slower than this is a finding (quadratic behaviour, hangs)
 */
export function fuzz({ lib, texts, seed, count, maxMs, onProgress }) {
  const r = rng(seed);
  const findings = [];
  const statuses = { converted: 0, unchanged: 0, skipped: 0, error: 0 };
  const ops = {};
  let slowest = { ms: 0, index: -1, ops: [] };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const source = r.int(texts.length);
    const m = mutate(texts[source], r, texts[r.int(texts.length)]);
    for (const op of m.ops) ops[op] = (ops[op] ?? 0) + 1;
    const t0 = performance.now();
    let result;
    let problems;
    try {
      result = lib.convert(m.text);
    } catch (e) {
      problems = [`convert threw: ${e?.stack ?? e}`];
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, index: i, ops: m.ops };
    if (!problems) {
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      problems = resultProblems(lib, m.text, result, (t) => lib.convert(t));
      if (ms > maxMs) problems.push(`took ${ms.toFixed(0)} ms (limit ${maxMs} ms)`);
    }
    if (problems.length) findings.push({ index: i, source, ops: m.ops, problems, text: m.text });
    onProgress?.(i + 1);
  }
  return { seed, count, findings, statuses, ops, slowest, seconds: (performance.now() - started) / 1000 };
}

/**
 * The same checks on files composed from constructs (compose.mjs), each converted with its build context and
 * options. `lib.convert(text, options)`; `lib.project(files)` makes a context from a path → content map.
 */
export function generated({ lib, seed, count, maxMs, onProgress }) {
  const r = rng(seed);
  const findings = [];
  const statuses = { converted: 0, unchanged: 0, skipped: 0, error: 0 };
  const ops = {};
  let slowest = { ms: 0, index: -1, ops: [] };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const g = compose(r);
    for (const op of g.parts) ops[op] = (ops[op] ?? 0) + 1;
    const options = { ...g.options, project: lib.project(g.files) };
    const t0 = performance.now();
    let result;
    let problems;
    try {
      result = lib.convert(g.text, options);
    } catch (e) {
      problems = [`convert threw: ${e?.stack ?? e}`];
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, index: i, ops: g.parts };
    if (!problems) {
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      problems = resultProblems(lib, g.text, result, (t) => lib.convert(t, options));
      if (ms > maxMs) problems.push(`took ${ms.toFixed(0)} ms (limit ${maxMs} ms)`);
    }
    if (problems.length) findings.push({ index: i, source: -1, ops: g.parts, problems, text: g.text, files: g.files, options: g.options });
    onProgress?.(i + 1);
  }
  return { seed, count, findings, statuses, ops, slowest, seconds: (performance.now() - started) / 1000 };
}
