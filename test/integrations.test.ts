// Where people gate code: the pre-commit hooks (.pre-commit-hooks.yaml) run the way pre-commit runs them
// (entry + args + the staged files it selects, in a real git repository), and the GitHub Action's check step
// (action.yml) runs as the runner would run it, both with the built command on the fleet fixture.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findDockerfiles, inSkippedDir, isDockerfileName } from '../src/batch/discover.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';
import { expectedTree, PROJECTS, tree } from './helpers/projects.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
  args?: string[];
  types?: string[];
}
const HOOKS = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string): Hook => HOOKS.find((h) => h.id === id)!;

/** pre-commit's patterns are Python regexes searched in the path; ours use only the leading (?i) beyond JS. */
const pythonRegex = (pattern: string): RegExp => (pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern));
const selects = (h: Hook, path: string): boolean => pythonRegex(h.files).test(path) && !pythonRegex(h.exclude).test(path);

const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8' });

/** A git repository holding the fleet's input tree, everything staged. */
function stagedRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'msd-precommit-'));
  cpSync(join(PROJECTS, 'fleet', 'input'), dir, { recursive: true });
  expect(git(dir, 'init', '-q').status).toBe(0);
  expect(git(dir, 'add', '-A').status).toBe(0);
  return dir;
}

/** What pre-commit does: the staged files the hook selects, appended to its entry and args. The entry's
 * command is the package's bin, which npm links to the built command. */
function runHook(id: string, dir: string) {
  const h = hook(id);
  const staged = git(dir, 'diff', '--cached', '--name-only', '-z').stdout.split('\0').filter(Boolean);
  const files = staged.filter((f) => selects(h, f));
  const [command, ...entryArgs] = h.entry.split(/\s+/);
  expect(BIN[command!], `${command} is not the package's bin`).toBeDefined();
  const r = spawnSync(process.execPath, [CLI, ...entryArgs, ...(h.args ?? []), ...files], { cwd: dir, encoding: 'utf8', env: PLAIN_ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files };
}

describe('pre-commit hooks', () => {
  it('declare a check hook and a fix hook on the package (language node)', () => {
    expect(HOOKS.map((h) => [h.id, h.language, h.entry])).toEqual([
      ['msd-convert', 'node', 'msd-convert --check'],
      ['msd-convert-fix', 'node', 'msd-convert --write'],
    ]);
  });

  it('select exactly the files the folder search takes', () => {
    const names = [
      'Dockerfile', 'svc/Dockerfile.prod', 'a/b/api.Dockerfile', 'x.dockerfile', 'Containerfile', 'c/DOCKERFILE', 'Containerfile.dev',
      'docs/Dockerfile.md', 'Dockerfile.sh', 'Dockerfile.j2', 'notes.txt', 'Dockerfile/readme', 'MyDockerfile', 'dockerfile-lint.json',
      'node_modules/x/Dockerfile', 'a/vendor/Dockerfile', 'dist/Dockerfile', 'src/distro/Dockerfile', '.venv/Dockerfile', 'infra/.terraform/Dockerfile',
      ...readdirSync(join(ROOT, '..', 'shared', 'corpus', 'dockerfiles'), { withFileTypes: true }).slice(0, 200).map((e) => `corpus/${e.name}`),
    ];
    for (const h of HOOKS) for (const n of names) expect(selects(h, n), `${h.id}: ${n}`).toBe(isDockerfileName(basename(n)) && !inSkippedDir(n));
  });

  it('msd-convert fails while a staged Dockerfile would change and touches nothing; msd-convert-fix rewrites them', () => {
    const dir = stagedRepo();
    const before = tree(dir);
    const check = runHook('msd-convert', dir);
    // The staged files the hook selects are the ones the folder search finds (git left the ignored ones out).
    expect(check.files).toEqual(findDockerfiles(dir).map((f) => relative(dir, f).split(sep).join('/')));
    expect(check.files.length).toBe(7);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('Would change (4):\n  repo-node/Dockerfile\n');
    expect(tree(dir)).toEqual(before);

    const fix = runHook('msd-convert-fix', dir);
    expect(fix.code).toBe(1); // the broken Dockerfile.prod still fails
    expect(tree(dir)).toEqual(expectedTree('fleet'));

    const again = runHook('msd-convert', dir);
    expect(again.code).toBe(1);
    expect(again.stderr).not.toContain('Would change');
    expect(again.stderr).toContain('error repo-services/services/legacy/Dockerfile.prod:2');
    git(dir, 'rm', '-q', '-f', 'repo-services/services/legacy/Dockerfile.prod');
    expect(runHook('msd-convert', dir).code).toBe(0);
    expect(runHook('msd-convert-fix', dir)).toMatchObject({ code: 0, stdout: '' });
  });
});

interface Step {
  id?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}
const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

/** The check step as the runner runs it: its env with `${{ … }}` filled in, its script under `bash -e`. */
function runAction(inputs: Record<string, string>, cwd: string) {
  const step = ACTION.runs.steps.find((s) => s.id === 'check')!;
  const values: Record<string, string> = { 'steps.install.outputs.cli': CLI };
  for (const [name, input] of Object.entries(ACTION.inputs)) values[`inputs.${name}`] = inputs[name] ?? input.default;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {}))
    env[k] = v.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
      if (!(expr in values)) throw new Error(`action.yml: unknown expression ${expr}`);
      return values[expr]!;
    });
  expect(step.shell).toBe('bash');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, encoding: 'utf8', env: { ...PLAIN_ENV, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('GitHub Action', () => {
  it('is a composite action with paths, options and report inputs', () => {
    expect(ACTION.runs.using).toBe('composite');
    expect(Object.keys(ACTION.inputs)).toEqual(expect.arrayContaining(['paths', 'options', 'report']));
    expect(ACTION.inputs.paths!.default).toBe('.');
    // No input is pasted into a script: they reach it as environment variables.
    for (const s of ACTION.runs.steps) expect(s.run).not.toMatch(/\$\{\{/);
  });

  it('annotates the files that would change, fails like --check, and writes the report', () => {
    const dir = stagedRepo();
    const r = runAction({ paths: 'repo-node repo-services/services/web', report: 'msd-convert.sarif' }, dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=repo-node\/Dockerfile,line=\d+,title=msd-convert%3A split-stages::/m);
    expect(r.stdout).not.toContain('web.Dockerfile');
    expect(JSON.parse(readFileSync(join(dir, 'msd-convert.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('passes options through, and succeeds when nothing would change', () => {
    const dir = stagedRepo();
    const all = runAction({ options: '--exclude legacy --no-syntax' }, dir);
    expect(all.code).toBe(1);
    expect(all.stdout).not.toContain('::error');
    expect(all.stdout).not.toContain('add-syntax-directive');
    expect(all.stdout).toContain('file=repo-services/services/worker/Containerfile');
    rmSync(join(dir, 'repo-services', 'services', 'legacy'), { recursive: true });
    expect(runAction({ paths: 'repo-services/services/web' }, dir)).toMatchObject({ code: 0, stdout: '' });
  });
});
