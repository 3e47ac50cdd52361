// The real-world sweep (DESIGN.md §8): every Dockerfile of ../shared/corpus/dockerfiles/ and every build context
// of ../shared/corpus/apps/ through the library. Zero crashes, every output verified (bytes, validator, stage
// references, idempotence), multi-stage inputs never re-split, every skip and error with a specific reason.
// The counts by status and ecosystem are printed.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { validate } from 'dockerfile-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeProject } from '../src/fs.ts';
import { convert, type ConvertResult, type Project } from '../src/index.ts';
import { parse } from '../src/model/parse.ts';
import { preservationProblems } from '../src/pipeline/bytes.ts';
import { appDockerfiles, corpusFiles, hasCorpus } from './helpers/corpus.ts';
import { resultProblems } from './helpers/invariants.mjs';

const lib = { parse, preservationProblems, validate };

interface Row {
  readonly set: string;
  readonly name: string;
  readonly r: ConvertResult;
  readonly singleStage: boolean;
  readonly problems: string[];
}

const rows: Row[] = [];
const timings: Record<string, number> = {};

function sweep(set: string, files: readonly { file: string; project: Project }[]): void {
  const started = performance.now();
  for (const { file, project } of files) {
    const text = readFileSync(file, 'utf8');
    let r: ConvertResult;
    try {
      r = convert(text, { project });
    } catch (e) {
      rows.push({ set, name: file, r: { status: 'error' } as ConvertResult, singleStage: false, problems: [`convert threw: ${(e as Error).stack}`] });
      continue;
    }
    let stages = 0;
    try {
      stages = parse(text).stages.length;
    } catch {
      stages = 0;
    }
    const problems = resultProblems(lib, text, r, (t) => convert(t, { project }));
    rows.push({ set, name: file, r, singleStage: stages === 1, problems });
  }
  timings[set] = (performance.now() - started) / 1000;
}

const failures = (set: string): string[] => rows.filter((x) => x.set === set && x.problems.length).map((x) => `${basename(x.name)}: ${x.problems.join('; ')}`);

describe.skipIf(!hasCorpus)('real-world sweep (../shared/corpus)', () => {
  it('dockerfiles/: no crash, every output verified and idempotent, every skip and error explained', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(1000);
    // One project for the shared folder (the CLI would use the file's folder too; listing it once is enough).
    const project = nodeProject(dirname(files[0]));
    sweep('dockerfiles', files.map((file) => ({ file, project })));
    expect(failures('dockerfiles')).toEqual([]);
    // 1,227 files, each converted twice (the idempotence check converts the output again): 25–50 s on 2 shared
    // cores. The time limit guards against a hang; speed is measured by the bench and test/linear-time.test.ts.
  }, 180_000);

  it('apps/: every Dockerfile with its own build context', () => {
    const apps = appDockerfiles();
    expect(apps.length).toBeGreaterThan(60);
    sweep('apps', apps.map((a) => ({ file: a.file, project: nodeProject(a.context) })));
    expect(failures('apps')).toEqual([]);
    // The apps are single-stage applications with their manifests: most of them must really convert.
    const conv = rows.filter((x) => x.set === 'apps' && x.r.status === 'converted').length;
    expect(conv / apps.length).toBeGreaterThan(0.5);
  });

  it('the checks can fail: a lost byte, a broken output and a re-split are all reported', () => {
    const text = 'FROM node:20 AS b\nRUN npm ci\nFROM node:20-slim\nCOPY --from=b /app /app\nCMD ["node","a.js"]\n';
    const r = convert(text);
    const fake = (output: string): ConvertResult => ({ ...r, status: 'converted', output, changes: [{ transform: 't', kind: 'non-root', message: { id: 'user-reuse', values: {} }, line: 1 }] });
    const same = (t: string): ConvertResult => ({ ...r, output: t });
    expect(resultProblems(lib, text, fake(text.replace('RUN npm ci', 'RUN  npm ci')), same)).toContainEqual(expect.stringMatching(/^bytes:/));
    expect(resultProblems(lib, text, fake(text.replace('FROM node:20-slim\n', 'FROM node:20-slim\nFROM x\n')), same)).toContain('a multi-stage input was re-split or its stages changed');
    expect(resultProblems(lib, text, fake(text + 'EXPOSE abc\n'), same).join()).toMatch(/dockerfile-utils/);
    expect(resultProblems(lib, text, { ...r, status: 'error', reason: { id: 'internal-error', values: {} } }, same)).toContainEqual(expect.stringMatching(/not about the input/));
  });

  afterAll(() => {
    if (!rows.length) return;
    const table = new Map<string, Record<string, number>>();
    for (const x of rows) {
      const eco = x.r.ecosystem ?? '(none)';
      const t = table.get(eco) ?? { converted: 0, unchanged: 0, skipped: 0, error: 0 };
      t[x.r.status]++;
      table.set(eco, t);
    }
    const total = { converted: 0, unchanged: 0, skipped: 0, error: 0 };
    const lines = ['', `sweep: ${rows.length} files (${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`];
    lines.push(`  ${'ecosystem'.padEnd(10)} ${'converted'.padStart(9)} ${'unchanged'.padStart(9)} ${'skipped'.padStart(8)} ${'error'.padStart(6)}`);
    for (const [eco, t] of [...table].sort((a, b) => b[1].converted - a[1].converted)) {
      lines.push(`  ${eco.padEnd(10)} ${String(t.converted).padStart(9)} ${String(t.unchanged).padStart(9)} ${String(t.skipped).padStart(8)} ${String(t.error).padStart(6)}`);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += t[k];
    }
    lines.push(`  ${'total'.padEnd(10)} ${String(total.converted).padStart(9)} ${String(total.unchanged).padStart(9)} ${String(total.skipped).padStart(8)} ${String(total.error).padStart(6)}`);
    const single = rows.filter((x) => x.singleStage);
    const split = single.filter((x) => x.r.changes.some((c) => c.transform === 'split-stages'));
    const conv = single.filter((x) => x.r.status === 'converted');
    lines.push(`  single-stage inputs: ${single.length}; converted ${conv.length} (${((100 * conv.length) / single.length).toFixed(1)} %), split into builder + runtime ${split.length} (${((100 * split.length) / single.length).toFixed(1)} %)`);
    const reasons = new Map<string, number>();
    for (const x of rows) if (x.r.status !== 'converted' && x.r.reason) reasons.set(`${x.r.status} ${x.r.reason.id}`, (reasons.get(`${x.r.status} ${x.r.reason.id}`) ?? 0) + 1);
    lines.push(`  reasons: ${[...reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(lines.join('\n'));
  });
});
