// Safe writes through the CLI (DESIGN.md §1.5, §6): atomic, mode kept, never a partial or unverified file, and a
// clear one-line error that leaves the original intact for every file that cannot be rewritten.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileError, readDockerfile, writeAtomic } from '../src/fs.ts';
import { convert, projectFromFiles } from '../src/index.ts';
import { convertText } from '../src/pipeline/run.ts';
import type { Transform } from '../src/types.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const DF = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n';
const PKG = JSON.stringify({ name: 'x', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } });

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: PLAIN_ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function app(dir = mkdtempSync(join(tmpdir(), 'msd-write-'))): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), DF);
  writeFileSync(join(dir, 'package.json'), PKG);
  writeFileSync(join(dir, 'package-lock.json'), '{}');
  return dir;
}

const converted = (dir: string) => convert(DF, { project: projectFromFiles({ 'package.json': PKG, 'package-lock.json': '{}' }) }).output;
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

beforeAll(() => {
  expect(statSync(CLI).isFile(), 'run `npm run build` first').toBe(true);
});

describe('--write', () => {
  it('replaces the file atomically with the verified output and keeps its mode', () => {
    const dir = app();
    chmodSync(join(dir, 'Dockerfile'), 0o604);
    const ino = statSync(join(dir, 'Dockerfile')).ino;
    const r = run(['--write', 'Dockerfile'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(text).toBe(converted(dir));
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o604);
    // A rename, not an in-place rewrite: a reader never sees a half-written file.
    expect(statSync(join(dir, 'Dockerfile')).ino).not.toBe(ino);
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'package-lock.json', 'package.json']);
  });

  it('a read-only file: clear error, exit 1, untouched (even for root)', () => {
    const dir = app();
    chmodSync(join(dir, 'Dockerfile'), 0o444);
    const r = run(['--write', 'Dockerfile'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error Dockerfile: is read-only: not rewritten');
    noStack(r.stderr);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(DF);
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o444);
  });

  it('a symlink: not rewritten (the rename would replace the link), target untouched', () => {
    const dir = app();
    mkdirSync(join(dir, 'svc'));
    symlinkSync(join(dir, 'Dockerfile'), join(dir, 'svc', 'Dockerfile'));
    const r = run(['--write', 'svc/Dockerfile'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error svc\/Dockerfile: is a symlink .*not rewritten/);
    noStack(r.stderr);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(DF);
  });

  it('a missing file and a folder named like a Dockerfile: clear errors, exit 1', () => {
    const dir = app();
    const missing = run(['--write', 'nope/Dockerfile'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope/Dockerfile: no such file');
    noStack(missing.stderr);
    mkdirSync(join(dir, 'empty'));
    const folder = run(['--write', 'empty'], dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('no Dockerfiles found');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(DF);
  });

  it('bad input and non-UTF-8 bytes: an error with the line, nothing written', () => {
    const dir = app();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nRUN <<EOF\necho\n');
    const heredoc = run(['--write', 'Dockerfile'], dir);
    expect(heredoc.code).toBe(1);
    expect(heredoc.stderr).toContain('error Dockerfile:2: unterminated heredoc');
    noStack(heredoc.stderr);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:20\nRUN <<EOF\necho\n');
    const latin1 = Buffer.concat([Buffer.from(DF.replace('CMD', '# caf')), Buffer.from([0xe9, 0x0a])]);
    writeFileSync(join(dir, 'Dockerfile'), latin1);
    const bytes = run(['--write', 'Dockerfile'], dir);
    expect(bytes.code).toBe(1);
    expect(bytes.stderr).toContain('line 8 is not UTF-8 text');
    expect(readFileSync(join(dir, 'Dockerfile')).equals(latin1)).toBe(true);
  });

  it('two runs on the same tree at once: every file ends complete and verified, no temp files left', async () => {
    const root = mkdtempSync(join(tmpdir(), 'msd-race-'));
    for (let k = 0; k < 24; k++) app(join(root, `svc${k}`));
    const once = (): Promise<number> =>
      new Promise((done) => {
        const p = spawn(process.execPath, [CLI, '--write', '--quiet', '.'], { cwd: root, stdio: 'ignore' });
        p.on('exit', (code) => done(code ?? -1));
      });
    const codes = await Promise.all([once(), once()]);
    // A file the other run rewrote first is either already the output (nothing to do) or reported as changed.
    expect(codes.every((c) => c === 0 || c === 1)).toBe(true);
    const files = readdirSync(root, { recursive: true }).map(String);
    expect(files.filter((f) => !/^svc\d+(\/(Dockerfile|package\.json|package-lock\.json))?$/.test(f))).toEqual([]);
    for (let k = 0; k < 24; k++) expect(readFileSync(join(root, `svc${k}`, 'Dockerfile'), 'utf8')).toBe(converted(root));
    // And the tree is now stable: a third run changes nothing.
    expect(run(['--check', '.'], root).code).toBe(0);
  });
});

describe('writeAtomic and the pipeline refuse unsafe writes', () => {
  it('a file that changed while it was converted is not overwritten', async () => {
    const dir = app();
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, DF + '# edited meanwhile\n');
    await expect(writeAtomic(file, 'FROM x\n', DF)).rejects.toThrow(/changed while it was being converted/);
    expect(readFileSync(file, 'utf8')).toBe(DF + '# edited meanwhile\n');
  });

  it('a folder is a clear FileError', () => {
    const dir = app();
    expect(() => readDockerfile(dir)).toThrow(FileError);
    expect(() => readDockerfile(dir)).toThrow('is a folder');
  });

  it('an output that fails verify is an error and carries the original text (so nothing is written)', () => {
    const breaking: Transform = {
      meta: { id: 'breaks', description: 'drops a line', safety: 'safe', kind: 'manifest-order' },
      apply: ({ model, fix }) => ({ edits: [fix.remove(model.instructions[1], { id: 'copy-move-sources', values: {} })] }),
    };
    const r = convertText(DF, [breaking]);
    expect(r.status).toBe('error');
    expect(r.reason?.id).toBe('verify-failed');
    expect(r.output).toBe(DF);
  });

  it('a report that cannot be written: a clear error, exit 1, no stack', () => {
    const dir = app();
    const r = run(['--report', relative(dir, join(dir, 'no', 'such', 'dir', 'r.json')), 'Dockerfile'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error no/such/dir/r.json: cannot write the report: no such file');
    noStack(r.stderr);
  });
});
