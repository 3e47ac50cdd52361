// Batch migration: discovery, --write over project trees, ordering, workers, shards, reports, CI gating, and
// the library's migrate(). The CLI is the built one (dist/); migrate() runs from the sources.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { discover, findDockerfiles, isDiscoverable } from '../src/batch/discover.ts';
import { globRules, matchesAny } from '../src/batch/glob.ts';
import { applyShard, parseShard } from '../src/batch/shard.ts';
import { migrate, type Entry } from '../src/index.ts';
import { expectedTree, GIT_DOCKERFILE, PROJECTS, projectCases, tree, workingCopy } from './helpers/projects.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'dockerfiles');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: PLAIN_ENV, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = (): string => mkdtempSync(join(tmpdir(), 'msd-batch-'));
const paths = (json: string): string[] => JSON.parse(json).files.map((f: { path: string }) => f.path);

beforeAll(() => {
  expect(statSync(CLI).isFile(), 'run `npm run build` first').toBe(true);
});

describe('project fixtures: --write over a tree of repositories', () => {
  for (const name of projectCases()) {
    it(name, () => {
      const dir = workingCopy(name);
      const report = join(scratch(), 'report.json');
      const r = run(['--write', '--report', report, '.'], dir);
      const summary = JSON.parse(readFileSync(join(PROJECTS, name, 'summary.json'), 'utf8'));
      expect(JSON.parse(readFileSync(report, 'utf8')).summary).toEqual(summary);
      expect(summary.split + summary.improved).toBe(summary.converted);
      expect(r.stderr).toContain(`Results: ${summary.split} split, ${summary.improved} improved, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.error} errors`);
      expect(r.code).toBe(summary.error > 0 ? 1 : 0);
      expect(r.stdout).toBe('');
      const got = tree(dir);
      const want = expectedTree(name);
      expect([...got.keys()]).toEqual([...want.keys()]);
      for (const [file, bytes] of want) expect(got.get(file), file).toBe(bytes);
      for (const repo of readdirSync(dir)) if (existsSync(join(dir, repo, '.git'))) expect(readFileSync(join(dir, repo, '.git', 'Dockerfile'), 'utf8')).toBe(GIT_DOCKERFILE);
      // Idempotent over the tree: nothing left to convert.
      const again = run(['--json', '.'], dir);
      expect(JSON.parse(again.stdout).summary.converted).toBe(0);
    });
  }
});

describe('discovery', () => {
  it('finds Dockerfile names case-insensitively, skips .git, node_modules, vendor and gitignored paths, sorted', () => {
    const dir = workingCopy('fleet');
    const found = findDockerfiles(dir).map((f) => f.slice(dir.length + 1));
    expect(found).toEqual([
      'repo-node/Dockerfile',
      'repo-ops/DockerFile',
      'repo-services/services/api/Dockerfile',
      'repo-services/services/legacy/Dockerfile.prod',
      'repo-services/services/web/web.Dockerfile',
      'repo-services/services/worker/Containerfile',
      'repo-services/tools/debug.dockerfile',
    ]);
    const all = findDockerfiles(dir, { gitignore: false }).map((f) => f.slice(dir.length + 1));
    expect(all).toEqual(expect.arrayContaining(['repo-node/build/Dockerfile', 'repo-node/ci.generated.Dockerfile']));
    expect(all.some((f) => /node_modules|vendor|\.git\//.test(f))).toBe(false);
    expect(isDiscoverable(join(dir, 'repo-node', 'build', 'Dockerfile'))).toBe(false);
    expect(isDiscoverable(join(dir, 'repo-node', 'Dockerfile'))).toBe(true);
    expect(isDiscoverable(join(dir, 'repo-node', 'docs', 'Dockerfile.md'))).toBe(false);
  });

  it('--include, --exclude, --no-gitignore, globs and named files', () => {
    const dir = workingCopy('fleet');
    expect(paths(run(['--json', '--include', 'repo-services/**', '--exclude', 'legacy', '.'], dir).stdout)).toEqual([
      'repo-services/services/api/Dockerfile',
      'repo-services/services/web/web.Dockerfile',
      'repo-services/services/worker/Containerfile',
      'repo-services/tools/debug.dockerfile',
    ]);
    expect(paths(run(['--json', '--include', '*.dockerfile', 'repo-services'], dir).stdout)).toEqual(['repo-services/tools/debug.dockerfile']);
    expect(paths(run(['--json', '--no-gitignore', 'repo-node'], dir).stdout)).toEqual(['repo-node/Dockerfile', 'repo-node/build/Dockerfile', 'repo-node/ci.generated.Dockerfile']);
    // A glob, a named file found twice and a folder: arguments in order, each file once.
    const r = run(['--json', 'repo-services/**/Dockerfile', 'repo-ops/DockerFile', 'repo-ops', 'repo-services/services/api/Dockerfile'], dir);
    expect(paths(r.stdout)).toEqual(['repo-services/services/api/Dockerfile', 'repo-ops/DockerFile']);
    expect(run(['--json', 'nothing/**/Dockerfile'], dir).stderr).toContain('nothing/**/Dockerfile: no files match this pattern');
  });

  it('shows found paths as the folder argument spells them: relative inside the working folder, ../ or absolute outside it', async () => {
    const dir = workingCopy('fleet');
    const shown = async (arg: string, cwd: string) => (await discover([arg], { cwd })).targets.map((t) => [t.file, t.shown]);
    const api = join(dir, 'repo-services', 'services', 'api', 'Dockerfile');
    expect(await shown('repo-services/services/api', dir)).toEqual([[api, 'repo-services/services/api/Dockerfile']]);
    expect(await shown(join(dir, 'repo-services', 'services', 'api'), dir)).toEqual([[api, 'repo-services/services/api/Dockerfile']]);
    const inside = join(dir, 'repo-ops');
    expect(await shown('../repo-services/services/api', inside)).toEqual([[api, join('..', 'repo-services', 'services', 'api', 'Dockerfile')]]);
    expect(await shown(join(dir, 'repo-services', 'services', 'api'), inside)).toEqual([[api, api]]);
  });

  it('gitignore rules: anchoring, folders, negation, globs', () => {
    const rules = globRules(['# comment', 'build/', '/top.Dockerfile', '*.tmp', 'docs/**/gen', '!keep.tmp', '{a,b}.Dockerfile']);
    const hit = (p: string) => matchesAny(rules, [p]);
    expect(hit('build/Dockerfile')).toBe(true);
    expect(hit('x/build/Dockerfile')).toBe(true);
    expect(hit('build')).toBe(false); // a file named build is not the folder
    expect(hit('top.Dockerfile')).toBe(true);
    expect(hit('x/top.Dockerfile')).toBe(false);
    expect(hit('a/b.tmp')).toBe(true);
    expect(hit('keep.tmp')).toBe(false);
    expect(hit('docs/gen/Dockerfile')).toBe(true);
    expect(hit('docs/x/y/gen/Dockerfile')).toBe(true);
    expect(hit('b.Dockerfile')).toBe(true);
    expect(hit('c.Dockerfile')).toBe(false);
  });
});

describe('shards', () => {
  it('split a list into contiguous balanced slices that cover it exactly once', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const slices = [1, 2, 3].map((index) => applyShard(items, { index, count: 3 }));
    expect(slices.map((s) => s.length)).toEqual([3, 3, 4]);
    expect(slices.flat()).toEqual(items);
    expect(applyShard([1], { index: 1, count: 2 })).toEqual([]);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '-1/2']) expect(parseShard(bad)).toBeUndefined();
  });

  it('--shard I/N on the CLI: the union of the shards is the whole run; bad values are usage errors', () => {
    const dir = workingCopy('fleet');
    const all = paths(run(['--json', '.'], dir).stdout);
    const parts = [1, 2, 3].map((i) => paths(run(['--json', '--shard', `${i}/3`, '.'], dir).stdout));
    expect(parts.flat()).toEqual(all);
    expect(run(['--shard', '4/3', '.'], dir).code).toBe(2);
    expect(run(['--concurrency', '0', '.'], dir).code).toBe(2);
    expect(run(['--concurrency', 'x', '.'], dir).code).toBe(2);
  });
});

describe('output and CI gating', () => {
  it('a dry run prints every diff in input order and writes nothing', () => {
    const dir = workingCopy('fleet');
    const before = tree(dir);
    const r = run(['.'], dir);
    expect(r.code).toBe(1); // the broken file
    const headers = [...r.stdout.matchAll(/^--- a\/(.+)\toriginal$/gm)].map((m) => m[1]);
    expect(headers).toEqual(['repo-node/Dockerfile', 'repo-ops/DockerFile', 'repo-services/services/api/Dockerfile', 'repo-services/services/worker/Containerfile']);
    expect(tree(dir)).toEqual(before);
    const order = [...r.stderr.matchAll(/^(?:converted|unchanged|skipped|error) (\S+?)(?::\d+)?(?: |:|$)/gm)].map((m) => m[1]);
    expect(order).toEqual(paths(run(['--json', '.'], dir).stdout));
  });

  it('--check exits 1 and lists the files that would change, even with --quiet', () => {
    const dir = workingCopy('fleet');
    const r = run(['--check', '--quiet', 'repo-node', 'repo-services/services/api'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Would change (2):\n  repo-node/Dockerfile\n  repo-services/services/api/Dockerfile\n');
    expect(run(['--check', 'repo-services/services/web'], dir).code).toBe(0);
  });

  it('--report FILE.md: counters, a row per file, changes with their diff, skip and error reasons', () => {
    const dir = workingCopy('fleet');
    const md = join(scratch(), 'migration.md');
    run(['--write', '--report', md, '.'], dir);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('3 split, 1 improved, 1 unchanged, 1 skipped, 1 errors.');
    expect(text).toContain('| file | status | change | ecosystem | reason |');
    expect(text).toContain('| `repo-node/Dockerfile` | converted | split, manifest order, non-root, cache mounts, syntax directive | node |  |');
    // Improved but not split: the change it got, and why it got no stages.
    expect(text).toContain('| `repo-ops/DockerFile` | converted | non-root |  | no known ecosystem (no install or build step this tool understands) |');
    expect(text).toContain('| `repo-services/services/web/web.Dockerfile` | unchanged |  | node | already multi-stage: not re-split |');
    expect(text).toMatch(/## `repo-node\/Dockerfile` \(node\)\n\n- \*\*split-stages\*\* \(line 1\): /);
    expect(text).toContain('```diff\n--- a/repo-node/Dockerfile\toriginal\n+++ b/repo-node/Dockerfile\tconverted\n');
    expect(text).toMatch(/## Skipped\n\n- `repo-services\/tools\/debug.dockerfile` \(node\): not split: /);
    expect(text).toContain('## Errors\n\n- `repo-services/services/legacy/Dockerfile.prod:2`: unterminated line continuation at end of file');
  });
});

describe('worker threads', () => {
  const fleetCopies = (n: number): string => {
    const dir = scratch();
    for (let i = 0; i < n; i++) cpSync(join(PROJECTS, 'fleet', 'input'), join(dir, `org${String(i).padStart(2, '0')}`), { recursive: true });
    return dir;
  };
  // Workers exist only in the build: the sources cannot start one under Node 20.
  const builtLibrary = async () => (await import(pathToFileURL(join(import.meta.dirname, '..', 'dist', 'src', 'index.js')).href)) as typeof import('../src/index.ts');

  it('a large batch on workers gives the same output, in the same order, as one thread', () => {
    // 20 copies of the fleet: 140 Dockerfiles, above the worker threshold.
    const dir = fleetCopies(20);
    const one = run(['--json', '--concurrency', '1', '.'], dir);
    const two = run(['--json', '--concurrency', '2', '.'], dir);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    expect(JSON.parse(two.stdout).summary).toEqual({ split: 60, improved: 20, converted: 80, unchanged: 20, skipped: 20, error: 20 });
    const diffs = run(['--concurrency', '3', '.'], dir);
    const serial = run(['--concurrency', '1', '.'], dir);
    expect(diffs.stdout).toBe(serial.stdout);
    const untimed = (s: string) => s.replace(/\(\d+\.\d+ s\)/, '');
    expect(untimed(diffs.stderr)).toBe(untimed(serial.stderr));
  });

  it('a worker out of memory under its heap cap hands its files to the main thread: same results, no errors', async () => {
    const dir = fleetCopies(20);
    // 1 MB is too small for a worker to start.
    const built = await builtLibrary();
    const capped = await built.migrate(['.'], { cwd: dir, workers: true, concurrency: 2, workerHeapMb: 1 });
    const serial = await built.migrate(['.'], { cwd: dir, concurrency: 1 });
    expect(capped.files.filter((f) => /worker stopped/.test(f.reason ?? ''))).toEqual([]);
    expect(capped.files).toEqual(serial.files);
    expect(capped.summary).toEqual({ split: 60, improved: 20, converted: 80, unchanged: 20, skipped: 20, error: 20 });
    // Neither worker converted a file, so neither was replaced: the batch finished in this thread.
    expect(capped.workers).toBe(2);
    expect(serial.workers).toBe(0);
  });

  it('a worker that ran out of memory on one huge file after converting others is replaced', async () => {
    const dir = fleetCopies(20);
    // Three 3,000-line Dockerfiles, far apart in the batch; a 16 MB heap converts the fleet's files but not these.
    const huge = ['FROM node:20', 'WORKDIR /app', ...Array.from({ length: 3000 }, (_, i) => (i % 2 ? `ENV V${i}=v${i}` : `LABEL l${i}="v"`)), 'CMD ["node", "index.js"]'].join('\n') + '\n';
    for (const org of ['org05', 'org10', 'org15']) writeFileSync(join(dir, org, 'huge.Dockerfile'), huge);
    const built = await builtLibrary();
    const capped = await built.migrate(['.'], { cwd: dir, workers: true, concurrency: 2, workerHeapMb: 16 });
    const serial = await built.migrate(['.'], { cwd: dir, concurrency: 1 });
    expect(capped.files).toEqual(serial.files);
    expect(capped.files.filter((f) => f.path.endsWith('huge.Dockerfile')).map((f) => f.status)).toEqual(['converted', 'converted', 'converted']);
    expect(capped.workers).toBeGreaterThan(2);
  });
});

describe('migrate() (library)', () => {
  it('gives the CLI results, hands entries out in input order, and keeps reports only when asked', async () => {
    const dir = workingCopy('fleet');
    const seen: Entry[] = [];
    const r = await migrate(['.'], { cwd: dir, diff: true, onFile: (e) => seen.push(e) });
    expect(r.summary).toEqual(JSON.parse(readFileSync(join(PROJECTS, 'fleet', 'summary.json'), 'utf8')));
    expect(seen.map((e) => e.index)).toEqual(seen.map((_, i) => i));
    expect(r.files.map((f) => f.path)).toEqual(paths(run(['--json', '.'], dir).stdout));
    expect(seen.filter((e) => e.diff).length).toBe(4);
    const lean = await migrate(['.'], { cwd: dir, collect: false, concurrency: 3 });
    expect(lean.files).toEqual([]);
    expect(lean.summary).toEqual(r.summary);
    expect(tree(dir)).toEqual(tree(workingCopy('fleet')));
  });

  it('a missing path or an empty folder is an error entry; the other files still run', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["true"]\n');
    const r = await migrate(['empty', 'gone/Dockerfile', 'Dockerfile'], { cwd: dir });
    expect(r.files.map((f) => [f.path, f.status, f.reason])).toEqual([
      ['empty', 'error', 'no Dockerfiles found in this folder'],
      ['gone/Dockerfile', 'error', 'no such file'],
      // Converted (a user) but not split, and the reason says why not.
      ['Dockerfile', 'converted', 'no known ecosystem (no install or build step this tool understands)'],
    ]);
    await expect(migrate(['.'], { cwd: dir, shard: '3/2' })).rejects.toThrow(/invalid shard/);
  });
});

describe.skipIf(!existsSync(CORPUS))('the corpus folder as one batch', () => {
  it('runs to completion with a status for every file and the counters', () => {
    // Named one by one: the corpus files carry flattened names that the folder search would not pick.
    const files = readdirSync(CORPUS).sort();
    const r = run(['--json', '--concurrency', '2', ...files], CORPUS);
    const j = JSON.parse(r.stdout);
    expect(j.files.length).toBe(files.length);
    for (const f of j.files) expect(['converted', 'unchanged', 'skipped', 'error']).toContain(f.status);
    const s = j.summary;
    expect(s.converted + s.unchanged + s.skipped + s.error).toBe(files.length);
    expect(r.stderr).toMatch(/Results: \d+ split, \d+ improved, \d+ unchanged, \d+ skipped, \d+ errors \(\d+\.\d+ s\)\n$/);
  });
});
