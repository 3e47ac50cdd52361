// Every single-stage build context of ../shared/corpus/apps through the library, with its own folder as the
// build context: none may end as `error`, and every file left alone says why. Skipped when the corpus is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeProject } from '../src/fs.ts';
import { convert, format } from '../src/index.ts';

const APPS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'apps');
const TSV = join(APPS, 'apps.tsv');

interface Case {
  readonly file: string;
  readonly context: string;
  readonly language: string;
}

function cases(): Case[] {
  const [head, ...rows] = readFileSync(TSV, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name: string): number => head.indexOf(name);
  const out: Case[] = [];
  for (const r of rows) {
    const app = r[col('app')];
    for (const d of r[col('dockerfiles')].split(';')) {
      const m = /^(.*)\(stages=(\d+)\)$/.exec(d);
      if (!m || m[2] !== '1') continue;
      out.push({ file: join(APPS, app, m[1]), context: join(APPS, app, r[col('context')]), language: r[col('language_guess')] });
    }
  }
  return out;
}

describe.skipIf(!existsSync(TSV))('corpus apps (single-stage build contexts)', () => {
  const all = existsSync(TSV) ? cases() : [];
  it('finds the build contexts', () => expect(all.length).toBeGreaterThan(60));
  it('converts or explains every one, and never errors', () => {
    const problems: string[] = [];
    const table = new Map<string, number>();
    for (const c of all) {
      const r = convert(readFileSync(c.file, 'utf8'), { project: nodeProject(c.context) });
      const key = `${c.language} ${r.status}`;
      table.set(key, (table.get(key) ?? 0) + 1);
      if (r.status === 'error') problems.push(`${c.file}: ${r.reason ? format(r.reason.id, r.reason.values) : 'error'}`);
      if ((r.status === 'skipped' || r.status === 'unchanged') && !r.reason) problems.push(`${c.file}: ${r.status} without a reason`);
    }
    expect(problems).toEqual([]);
    expect([...table.keys()].some((k) => k.endsWith('converted'))).toBe(true);
  });
});
