// The fixed-seed fuzz sample (the full run is `npm run fuzz`): a few hundred mutants of corpus files through the
// library — no crash, no hang (time bound per mutant), every non-error output passes the sweep's invariants.
import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../src/index.ts';
import { parse } from '../src/model/parse.ts';
import { preservationProblems } from '../src/pipeline/bytes.ts';
import { corpusFiles, hasCorpus } from './helpers/corpus.ts';
import { fuzz, generated } from './helpers/fuzz.mjs';
import { MUTATORS, rng } from './helpers/mutate.mjs';

const SEED = 20_260_523;
const COUNT = 200;
const lib = { convert: (t: string) => convert(t), parse, preservationProblems, validate };

describe('mutators', () => {
  it('are deterministic for a seed and each changes its input', () => {
    const text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n  && npm run build\nCMD ["node","a.js"]\n';
    for (const [name, m] of Object.entries(MUTATORS)) {
      const a = m(text, rng(7), 'RUN echo donor\n');
      expect(a, name).toBe(m(text, rng(7), 'RUN echo donor\n'));
      expect([...Array(20).keys()].some((s) => m(text, rng(s), 'RUN echo donor\n') !== text), name).toBe(true);
    }
  });
});

describe.skipIf(!hasCorpus)('fuzz sample (fixed seed)', () => {
  it(`${COUNT} mutants, seed ${SEED}: no crash, no hang, every output verified`, () => {
    const texts = corpusFiles().map((f) => readFileSync(f, 'utf8'));
    const run = fuzz({ lib, texts, seed: SEED, count: COUNT, maxMs: 2000 });
    console.log(`fuzz sample: seed ${SEED}, ${COUNT} mutants in ${run.seconds.toFixed(1)} s, ${JSON.stringify(run.statuses)}, slowest ${run.slowest.ms.toFixed(0)} ms`);
    expect(run.findings.map((f) => `#${f.index} ${f.ops.join('+')}: ${f.problems.join('; ').slice(0, 300)}`)).toEqual([]);
    // The sample exercises every outcome, so a check that silently stopped running would show here.
    expect(run.statuses.converted).toBeGreaterThan(COUNT / 5);
    expect(run.statuses.error).toBeGreaterThan(0);
  });
});

describe('composed files (fixed seed)', () => {
  const N = 300;
  it(`${N} files composed from constructs, seed ${SEED}: no crash, no hang, every output verified`, () => {
    const run = generated({ lib: { ...lib, convert: (t: string, o?: object) => convert(t, o), project: projectFromFiles }, seed: SEED, count: N, maxMs: 2000 });
    console.log(`composed sample: seed ${SEED}, ${N} files in ${run.seconds.toFixed(1)} s, ${JSON.stringify(run.statuses)}, slowest ${run.slowest.ms.toFixed(0)} ms`);
    expect(run.findings.map((f) => `#${f.index} ${f.ops.join('+')}: ${f.problems.join('; ').slice(0, 300)}\n${f.text}`)).toEqual([]);
    // Every construct shows up, and conversions really happen.
    for (const part of ['escape-backtick', 'onbuild', 'secret-env', 'crlf', 'arg-image', 'windows', 'shell-form', 'healthcheck', 'policy-distroless', 'policy-scratch']) expect(run.ops[part], part).toBeGreaterThan(0);
    expect(run.statuses.converted).toBeGreaterThan(N / 3);
  });
});
