// The CLI wiring: what a user sees and which exit code they get. Behaviour is tested at the library level.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELP_FLAGS } from './helpers/cli-flags.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const NODE_DF = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n';
const PKG = JSON.stringify({ name: 'x', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } });

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd, input: opts.input, encoding: 'utf8', env: PLAIN_ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), 'msd-cli-'));
  writeFileSync(join(dir, 'Dockerfile'), NODE_DF);
  writeFileSync(join(dir, 'package.json'), PKG);
  writeFileSync(join(dir, 'package-lock.json'), '{}');
  return dir;
}

beforeAll(() => {
  expect(statSync(CLI).isFile(), 'run `npm run build` first').toBe(true);
});

describe('msd-convert CLI', () => {
  it('prints a git-apply-able diff by default and writes nothing', () => {
    const dir = app();
    const r = run([], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- a\/Dockerfile\toriginal\n\+\+\+ b\/Dockerfile\tconverted\n@@/);
    expect(r.stderr).toContain('converted Dockerfile (node)');
    expect(r.stderr).toMatch(/Results: 1 split, 0 improved, 0 unchanged, 0 skipped, 0 errors/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(NODE_DF);
    writeFileSync(join(dir, 'patch.diff'), r.stdout);
    const git = (...a: string[]) => spawnSync('git', a, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    expect(git('apply', '--check', 'patch.diff').status).toBe(0);
    git('apply', 'patch.diff');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(run(['--stdout', 'Dockerfile'], { cwd: dir }).stdout);
  });

  it('--write rewrites in place, keeps the mode, and a second run changes nothing', () => {
    const dir = app();
    chmodSync(join(dir, 'Dockerfile'), 0o640);
    const r = run(['--write', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const written = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(written).toContain('AS runtime');
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o640);
    const again = run(['--check', 'Dockerfile'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(written);
  });

  it('--check exits 1 when a file would change and prints no diff', () => {
    const r = run(['--check'], { cwd: app() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('--json prints the report shape of the design', () => {
    const r = run(['--json', 'Dockerfile'], { cwd: app() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.summary).toEqual({ split: 1, improved: 0, converted: 1, unchanged: 0, skipped: 0, error: 0 });
    expect(j.files[0]).toMatchObject({ path: 'Dockerfile', status: 'converted', ecosystem: 'node', split: true, reason: null });
    expect(j.files[0].kinds).toEqual(['split', 'manifest-order', 'non-root', 'cache-mounts', 'syntax']);
    expect(j.files[0].changes[0]).toEqual(expect.objectContaining({ transform: 'split-stages', message: expect.any(String), line: 1 }));
  });

  it('standard input is read as strict UTF-8, like files', () => {
    const r = spawnSync(process.execPath, [CLI, '--stdout', '-'], { input: Buffer.from('FROM node:20\nRUN echo "\xff"\n', 'latin1'), encoding: 'utf8', env: PLAIN_ENV });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error <stdin>: line 2 is not UTF-8 text');
  });

  it('reads standard input with -', () => {
    const r = run(['--stdout', '-'], { input: 'FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\nCMD ["/server"]\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FROM gcr.io/distroless/static-debian12:nonroot AS runtime');
  });

  it('bad input: one line naming the file and line, exit 1, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msd-cli-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nRUN npm ci \\\n');
    const r = run(['--write', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error Dockerfile:2: unterminated line continuation at end of file');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:20\nRUN npm ci \\\n');
    writeFileSync(join(dir, 'empty.Dockerfile'), '');
    expect(run(['empty.Dockerfile'], { cwd: dir }).stderr).toContain('error empty.Dockerfile: empty file');
    writeFileSync(join(dir, 'app.js'), 'const x = 1;\n');
    expect(run(['app.js'], { cwd: dir })).toMatchObject({ code: 1, stderr: expect.stringContaining('error app.js:1: unknown instruction') });
    expect(run(['missing/Dockerfile'], { cwd: dir })).toMatchObject({ code: 1, stderr: expect.stringContaining('missing/Dockerfile: no such file') });
    mkdirSync(join(dir, 'empty-folder'));
    expect(run(['empty-folder'], { cwd: dir })).toMatchObject({ code: 1, stderr: expect.stringContaining('no Dockerfiles found') });
  });

  it('usage errors exit 2', () => {
    expect(run(['--bogus']).code).toBe(2);
    expect(run(['--only', 'nope', 'Dockerfile']).code).toBe(2);
    expect(run(['--uid', 'abc', 'Dockerfile']).code).toBe(2);
    expect(run(['--write', '--check', 'Dockerfile']).code).toBe(2);
    expect(run(['--stdout', 'a', 'b']).code).toBe(2);
  });

  it('searches folders and honours --only/--skip', () => {
    const dir = app();
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'api.Dockerfile'), 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "main.py"]\n');
    const r = run(['--json', '.'], { cwd: dir });
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual(['Dockerfile', 'svc/api.Dockerfile']);
    const only = run(['--stdout', '--only', 'add-nonroot-user', 'Dockerfile'], { cwd: dir });
    expect(only.stdout).not.toContain('AS runtime');
    expect(only.stdout).toContain('USER node');
  });

  it('--list-transforms and --help come from the registry and the help text', () => {
    const list = run(['--list-transforms']).stdout;
    expect(list).toMatch(/^split-stages\s+review\s+/m);
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const flag of HELP_FLAGS) expect(help.stdout).toContain(flag);
  });
});
