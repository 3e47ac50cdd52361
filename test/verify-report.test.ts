// The verify report as a pull request shows it: a checked-in rendering of one result of every kind
// (fixtures/verify/report.md, from report.json), and the Markdown rules GitHub needs for it to render.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyMarkdown } from '../src/verify/markdown.ts';
import { verifyCounters, verifyJson, verifyLine, summarize, type RunInfo, type VerifyReport } from '../src/verify/report.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'verify');
const input = JSON.parse(readFileSync(join(DIR, 'report.json'), 'utf8')) as { run: RunInfo; files: VerifyReport[] };
const markdown = verifyMarkdown(input.files, input.run);

/** Cells of a table row: split on pipes that are not escaped. */
const cells = (row: string): string[] => row.slice(1, -1).split(/(?<!\\)\|/);

describe('the Markdown report', () => {
  it('matches the checked-in rendering', () => {
    expect(markdown).toBe(readFileSync(join(DIR, 'report.md'), 'utf8'));
  });

  it('is a table GitHub renders: every row has the header\'s cells, one row per file', () => {
    const rows = markdown.split('\n').filter((l) => l.startsWith('|'));
    const width = cells(rows[0]!).length;
    expect(cells(rows[1]!).every((c) => /^-+:?$/.test(c))).toBe(true);
    for (const row of rows) expect(cells(row), row).toHaveLength(width);
    expect(rows).toHaveLength(input.files.length + 2);
  });

  it('closes every fence and <details>, even around logs that hold backticks', () => {
    let open: string | null = null;
    for (const line of markdown.split('\n')) {
      const m = /^(`{3,})/.exec(line);
      if (!m) continue;
      if (open === null) open = m[1]!;
      else if (line === open) open = null;
    }
    expect(open).toBeNull();
    expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  });

  it('a bar per row: full for 99 %, none for an image that grew', () => {
    expect(markdown).toContain('| 99.1% | ██████████ |');
    expect(markdown).toContain('| -3.0% | ▲ larger |');
  });
});

describe('the other outputs', () => {
  it('JSON: the run, every file, and counts per verdict', () => {
    const parsed = JSON.parse(verifyJson(input.files, input.run));
    expect(parsed.run).toEqual(input.run);
    expect(parsed.files).toHaveLength(input.files.length);
    expect(parsed.summary).toEqual({ same: 2, different: 1, failed: 1, unverifiable: 1, unchanged: 1, skipped: 1, error: 0 });
  });

  it('one line per file on stderr, with the diff or the last lines under a failure', () => {
    const lines = input.files.map((f) => verifyLine(f));
    expect(lines[0]).toBe('same services/api/Dockerfile (go): 915.5 MB → 8.2 MB (99.1% smaller), user root(0) → nonroot(65532), built in 41.2 s / 38.9 s\n');
    expect(lines[1]).toMatch(/^different services\/web\/Dockerfile \(node\): GET \/healthz: status 200 → 500; 667\.7 MB → 240\.7 MB \(64\.0% smaller\)/);
    expect(lines[1]).toContain('\n    --- original\n    +++ converted\n');
    expect(lines[2]).toMatch(/^failed tools\/cli\|x\/Dockerfile \(rust\): the converted Dockerfile does not build \(exit code 1\); original built in 80\.0 s\n    #9 \[runtime 3\/3\]/);
    expect(lines[4]).toBe('unchanged base/Dockerfile (node): already multi-stage: not re-split\n');
    expect(lines[6]).toMatch(/\(3\.0% larger\)/);
    expect(verifyCounters(summarize(input.files), 1.25)).toBe('Verified: 2 same, 1 different, 1 failed, 1 unverifiable, 1 unchanged, 1 skipped, 0 errors (1.3 s)\n');
  });
});
