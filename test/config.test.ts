// Settings from flags and config files (one table: src/settings.ts): every key valid and invalid, where the
// config is found, who wins, --print-config, and colour on and off. Spawns the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSettings, KEYS, SETTINGS } from '../src/settings.ts';
import { CLI } from './helpers/cli.ts';

const NODE_DF = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n';
const PKG = { name: 'x', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } };

function run(args: string[], cwd: string, env: Record<string, string | undefined> = { NO_COLOR: '1' }) {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** repo/ with an optional config, and repo/app/ with a Node Dockerfile. */
function repo(files: Record<string, unknown> = {}): { root: string; app: string } {
  const root = mkdtempSync(join(tmpdir(), 'msd-config-'));
  const app = join(root, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'Dockerfile'), NODE_DF);
  writeFileSync(join(app, 'package.json'), JSON.stringify(PKG));
  writeFileSync(join(app, 'package-lock.json'), '{}');
  for (const [name, value] of Object.entries(files)) writeFileSync(join(root, name), typeof value === 'string' ? value : JSON.stringify(value));
  return { root, app };
}

const effective = (cwd: string, ...args: string[]) => {
  const r = run(['--print-config', 'Dockerfile', ...args], cwd);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { config: string | null; settings: Record<string, unknown> };
};

/** A valid and an invalid value for every key, as JSON (config) and as command-line words. */
const CASES: Record<string, { json: [unknown, unknown]; flag: [string[], string[]] | null; expect: [string, unknown] }> = {
  only: { json: [['split-stages'], ['nope']], flag: [['--only', 'split-stages'], ['--only', 'nope']], expect: ['transforms', ['split-stages']] },
  skip: { json: [['add-syntax-directive'], 'x,y'], flag: [['--skip', 'add-syntax-directive'], ['--skip', 'x']], expect: ['transforms', ['split-stages', 'order-copy-for-cache', 'add-nonroot-user', 'cross-platform', 'secret-mounts', 'add-cache-mounts']] },
  user: { json: ['svc', 'Bad User'], flag: [['--user', 'svc'], ['--user', 'Bad']], expect: ['user', 'svc'] },
  uid: { json: [5000, -1], flag: [['--uid', '5000'], ['--uid', '0']], expect: ['uid', 5000] },
  forceNonroot: { json: [true, 'yes'], flag: null, expect: ['forceNonroot', true] },
  runtimeBase: { json: ['distroless', 'tiny'], flag: [['--runtime-base', 'distroless'], ['--runtime-base', 'tiny']], expect: ['runtimeBase', 'distroless'] },
  staticServer: { json: ['nginx', 'apache'], flag: [['--static-server', 'nginx'], ['--static-server', 'apache']], expect: ['staticServer', 'nginx'] },
  cacheMounts: { json: [false, 0], flag: null, expect: ['cacheMounts', false] },
  syntax: { json: [false, 'off'], flag: null, expect: ['syntax', false] },
  dockerignore: { json: [false, 'no'], flag: null, expect: ['dockerignore', false] },
  explain: { json: [true, 1], flag: null, expect: ['explain', true] },
  testStage: { json: [true, 'yes'], flag: null, expect: ['transforms', ['split-stages', 'test-stage', 'order-copy-for-cache', 'add-nonroot-user', 'cross-platform', 'secret-mounts', 'add-cache-mounts', 'add-syntax-directive']] },
  debugStage: { json: [true, 0], flag: null, expect: ['transforms', ['split-stages', 'order-copy-for-cache', 'add-nonroot-user', 'cross-platform', 'secret-mounts', 'debug-stage', 'add-cache-mounts', 'add-syntax-directive']] },
  crossPlatform: { json: [true, 'yes'], flag: null, expect: ['crossPlatform', true] },
  secretMounts: { json: [true, 'on'], flag: null, expect: ['secretMounts', true] },
  include: { json: [['**/Dockerfile'], [1]], flag: null, expect: ['include', ['**/Dockerfile']] },
  exclude: { json: [['legacy/**'], { a: 1 }], flag: null, expect: ['exclude', ['legacy/**']] },
};

describe('settings table', () => {
  it('has a case here for every key', () => expect(Object.keys(CASES).sort()).toEqual([...KEYS].sort()));
  it('names the source of a bad value and refuses unknown keys', () => {
    const r = checkSettings({ uid: 'x', colour: true }, (k) => `f.json: "${k}"`);
    expect(r.errors).toEqual(['f.json: "uid" must be a positive whole number, got "x"', expect.stringMatching(/^f\.json: "colour" is not a setting/)]);
  });
  it('every key has a flag that --help lists', () => {
    const help = run(['--help'], tmpdir()).stdout;
    for (const k of KEYS) expect(help, k).toContain(SETTINGS[k].flag);
  });
});

describe('config file keys', () => {
  for (const [key, c] of Object.entries(CASES)) {
    it(`${key}: valid value applies, invalid one exits 2 naming the file and key`, () => {
      const ok = repo({ '.msd-convert.json': { [key]: c.json[0] } });
      const s = effective(ok.app);
      expect(s.config).toBe(join(ok.root, '.msd-convert.json'));
      expect(s.settings[c.expect[0]]).toEqual(c.expect[1]);
      const bad = repo({ '.msd-convert.json': { [key]: c.json[1] } });
      const r = run(['Dockerfile'], bad.app);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(bad.root, '.msd-convert.json')}: "${key}"`);
    });
  }

  it('unknown keys and broken JSON are refused', () => {
    expect(run(['Dockerfile'], repo({ '.msd-convert.json': { cacheMount: false } }).app).stderr).toMatch(/"cacheMount" is not a setting/);
    const broken = run(['Dockerfile'], repo({ '.msd-convert.json': '{ uid: 1 ' }).app);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/\.msd-convert\.json: not valid JSON/);
  });

  it('is found as msd-convert.config.json or a package.json key; .msd-convert.json wins in one folder', () => {
    expect(effective(repo({ 'msd-convert.config.json': { uid: 7 } }).app).settings.uid).toBe(7);
    const pkg = repo({ 'package.json': { name: 'mono', 'msd-convert': { uid: 8 } } });
    expect(effective(pkg.app).config).toBe(join(pkg.root, 'package.json'));
    expect(effective(pkg.app).settings.uid).toBe(8);
    expect(run(['Dockerfile'], repo({ 'package.json': { 'msd-convert': { uid: 'x' } } }).app).stderr).toContain('"msd-convert.uid" must be');
    expect(effective(repo({ '.msd-convert.json': { uid: 9 }, 'package.json': { 'msd-convert': { uid: 8 } } }).app).settings.uid).toBe(9);
  });

  it('the command line wins over the file, and --no-config ignores it', () => {
    const { app } = repo({ '.msd-convert.json': { uid: 7, cacheMounts: false, only: ['split-stages'] } });
    const s = effective(app, '--uid', '8', '--cache-mounts', '--only', 'add-nonroot-user').settings;
    expect([s.uid, s.cacheMounts, s.transforms]).toEqual([8, true, ['add-nonroot-user']]);
    expect(effective(app, '--no-config').settings.uid).toBe(10001);
  });

  it('changes the conversion: cacheMounts and syntax off, explain on', () => {
    const { app } = repo({ '.msd-convert.json': { cacheMounts: false, syntax: false, explain: true } });
    const out = run(['--stdout', 'Dockerfile'], app).stdout;
    expect(out).not.toContain('--mount=type=cache');
    expect(out).not.toContain('# syntax=');
    expect(out).toContain('# msd-convert: ');
  });

  it('include/exclude feed discovery', () => {
    const { root, app } = repo({ '.msd-convert.json': { exclude: ['**/legacy/**'] } });
    mkdirSync(join(app, 'legacy'));
    writeFileSync(join(app, 'legacy', 'Dockerfile'), NODE_DF);
    const r = run(['--check', '.'], root);
    expect(r.stderr).toContain(join('app', 'Dockerfile'));
    expect(r.stderr).not.toContain('legacy');
  });
});

describe('command-line options', () => {
  for (const [key, c] of Object.entries(CASES)) {
    if (!c.flag) continue;
    it(`${c.flag[0][0]}: valid value applies, invalid one exits 2`, () => {
      const { app } = repo();
      expect(effective(app, ...c.flag![0]).settings[c.expect[0]]).toEqual(c.expect[1]);
      const r = run(['Dockerfile', ...c.flag![1]], app);
      expect(r.code, key).toBe(2);
      expect(r.stderr).toContain(`${c.flag![1][0]} `);
    });
  }

  it('--no-cache-mounts, --no-syntax and --explain change the output', () => {
    const { app } = repo();
    const dflt = run(['--stdout', 'Dockerfile'], app).stdout;
    expect(dflt).toContain('--mount=type=cache,target=/root/.npm');
    expect(dflt.startsWith('# syntax=docker/dockerfile:1\n')).toBe(true);
    const off = run(['--stdout', '--no-cache-mounts', '--no-syntax', 'Dockerfile'], app).stdout;
    expect(off).not.toMatch(/--mount|# syntax/);
    const explained = run(['--stdout', '--explain', 'Dockerfile'], app).stdout;
    expect(explained.split('\n').filter((l) => !l.startsWith('# msd-convert: ')).join('\n')).toBe(dflt);
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  it('FORCE_COLOR colours the diff (+ green, - red, @@ cyan) and the summary', () => {
    const r = run(['Dockerfile'], repo().app, { FORCE_COLOR: '1' });
    expect(r.stdout).toContain(`${ESC}32m+FROM node:20 AS builder`);
    expect(r.stdout).toContain(`${ESC}31m-FROM node:20`);
    expect(r.stdout).toMatch(/\u001b\[36m@@ /);
    expect(r.stderr).toContain(`${ESC}32mconverted`);
  });
  it('NO_COLOR, or a pipe without FORCE_COLOR, gives plain text', () => {
    for (const env of [{ NO_COLOR: '1', FORCE_COLOR: '1' }, {}]) {
      const r = run(['Dockerfile'], repo().app, env);
      expect(r.stdout + r.stderr).not.toContain(ESC);
      expect(r.stdout).toMatch(/^--- a\/Dockerfile/);
    }
  });
});
