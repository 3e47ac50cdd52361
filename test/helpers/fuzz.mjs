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
  return loop({ lib, seed, count, maxMs, onProgress }, (r) => {
    const source = r.int(texts.length);
    const m = mutate(texts[source], r, texts[r.int(texts.length)]);
    return { source, text: m.text, ops: m.ops, options: undefined };
  });
}

/**
 * The same checks on files composed from constructs (compose.mjs), each converted with its build context and
 * options. `lib.convert(text, options)`; `lib.project(files)` makes a context from a path → content map.
 */
export function generated({ lib, seed, count, maxMs, onProgress }) {
  return loop({ lib, seed, count, maxMs, onProgress }, (r) => {
    const g = compose(r);
    return { source: -1, text: g.text, ops: g.parts, options: { ...g.options, project: lib.project(g.files) }, files: g.files, given: g.options };
  });
}

/** Converts `count` inputs made by `next(r)`, times each, and checks each result as the sweep does. */
function loop({ lib, seed, count, maxMs, onProgress }, next) {
  const r = rng(seed);
  const findings = [];
  const statuses = { converted: 0, unchanged: 0, skipped: 0, error: 0 };
  const ops = {};
  let slowest = { ms: 0, index: -1, ops: [] };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const input = next(r);
    for (const op of input.ops) ops[op] = (ops[op] ?? 0) + 1;
    const t0 = performance.now();
    let result;
    let problems;
    try {
      result = lib.convert(input.text, input.options);
    } catch (e) {
      problems = [`convert threw: ${e?.stack ?? e}`];
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, index: i, ops: input.ops };
    if (!problems) {
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      problems = resultProblems(lib, input.text, result, (t) => lib.convert(t, input.options));
      if (ms > maxMs) problems.push(`took ${ms.toFixed(0)} ms (limit ${maxMs} ms)`);
    }
    if (problems.length) findings.push({ index: i, source: input.source, ops: input.ops, problems, text: input.text, ...(input.files ? { files: input.files, options: input.given } : {}) });
    onProgress?.(i + 1);
  }
  return { seed, count, findings, statuses, ops, slowest, seconds: (performance.now() - started) / 1000 };
}
