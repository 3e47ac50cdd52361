// Dry-run diffs apply everywhere: a sample of the corpus, copied to a temporary folder (one service folder per
// file), converted by the built command; `git apply --check` and `patch -p1 --dry-run` must take every diff,
// from the working folder for files inside it and from the root folder for files outside it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPath, unifiedDiff } from '../src/report/diff.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'dockerfiles');
/** Every SAMPLE_STEP-th corpus file: about a hundred files of every kind, the same ones on every machine. */
const SAMPLE_STEP = 12;

function sampleTree(): { root: string; count: number } {
  const root = mkdtempSync(join(tmpdir(), 'msd-diff-apply-'));
  const names = readdirSync(CORPUS).sort().filter((_, i) => i % SAMPLE_STEP === 0);
  for (const name of names) {
    // Spaces are kept on purpose: GNU patch needs the non-empty headers to cope with them.
    const folder = join(root, 'sample', name.replace(/[^\w. -]/g, '_'));
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(CORPUS, name), join(folder, 'Dockerfile'));
  }
  return { root, count: names.length };
}

const run = (cmd: string, args: string[], cwd: string, input?: string) => spawnSync(cmd, args, { cwd, input, encoding: 'utf8', env: PLAIN_ENV, maxBuffer: 64 << 20 });
const headers = (diff: string): string[] => [...diff.matchAll(/^(?:---|\+\+\+) (.*)\t(?:original|converted)$/gm)].map((m) => m[1]!);

describe('diff paths', () => {
  it('are the shown path inside the working folder, the absolute path (one slash after a/) outside it', () => {
    expect(diffPath('svc/Dockerfile', '/w/svc/Dockerfile')).toBe('svc/Dockerfile');
    expect(diffPath('../other/Dockerfile', '/other/Dockerfile')).toBe('/other/Dockerfile');
    expect(diffPath('/other/Dockerfile', '/other/Dockerfile')).toBe('/other/Dockerfile');
    expect(headers(unifiedDiff('/other/Dockerfile', 'FROM a\n', 'FROM b\n'))).toEqual(['a/other/Dockerfile', 'b/other/Dockerfile']);
    expect(headers(unifiedDiff('./Dockerfile', 'FROM a\n', 'FROM b\n'))).toEqual(['a/Dockerfile', 'b/Dockerfile']);
  });
});

describe.skipIf(!existsSync(CORPUS))('dry-run diffs of a corpus sample', () => {
  it('git apply --check and patch -p1 --dry-run take them in the working folder', () => {
    const { root, count } = sampleTree();
    const r = run(process.execPath, [CLI, '--quiet', 'sample'], root);
    const converted = headers(r.stdout).filter((h) => h.startsWith('a/'));
    expect(count).toBeGreaterThan(50);
    expect(converted.length, r.stderr).toBeGreaterThan(15);
    expect(converted.every((h) => h.startsWith('a/sample/'))).toBe(true);
    writeFileSync(join(root, 'changes.diff'), r.stdout);
    expect(run('git', ['init', '-q'], root).status).toBe(0);
    const git = run('git', ['apply', '--check', 'changes.diff'], root);
    expect(git.status, git.stderr).toBe(0);
    const patch = run('patch', ['-p1', '--dry-run', '--batch', '-i', 'changes.diff'], root);
    expect(patch.status, patch.stdout + patch.stderr).toBe(0);
    expect(patch.stdout.match(/^checking file /gm)?.length).toBe(converted.length);
  });

  it('files outside the working folder are named by their absolute paths, without a double slash, and apply from /', () => {
    const { root } = sampleTree();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    for (const arg of [join(root, 'sample'), join('..', 'sample')]) {
      const r = run(process.execPath, [CLI, '--quiet', arg], elsewhere);
      const names = headers(r.stdout);
      expect(names.length).toBeGreaterThan(30);
      for (const h of names) expect(h.startsWith(`a${root}/sample/`) || h.startsWith(`b${root}/sample/`), h).toBe(true);
      expect(r.stdout).not.toMatch(/^(?:---|\+\+\+) [ab]\/\//m);
      const git = run('git', ['apply', '--check', '-'], '/', r.stdout);
      expect(git.status, git.stderr).toBe(0);
      const patch = run('patch', ['-p1', '--dry-run', '--batch', '-d', '/'], root, r.stdout);
      expect(patch.status, patch.stdout + patch.stderr).toBe(0);
    }
  });
});
