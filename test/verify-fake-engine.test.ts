// `msd-convert verify` end to end through the real command, with a stand-in engine client
// (helpers/fake-engine.mjs) in place of docker: the error paths, the statuses, the exit codes, and that every
// container and image it was made to create is removed again — also when the run is interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const FAKE = join(import.meta.dirname, 'helpers', 'fake-engine.mjs');

const HTTP_DF = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD ["node","server.js"]\n';
const CLI_DF = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node","cli.js"]\n';

interface Event {
  readonly op: string;
  readonly id?: string;
  readonly args?: string[];
  readonly tag?: string;
  readonly name?: string;
  readonly label?: string;
  readonly file?: string;
  readonly context?: string;
  readonly publish?: string;
  readonly at: number;
  readonly pid: number;
}

const made: string[] = [];
const scratch = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

/** A folder holding one Node app per name (its Dockerfile, package.json, lockfile), and the fake's state. */
function workspace(apps: Record<string, string>): { root: string; state: string; tmp: string } {
  const root = scratch('msd-verify-fake-');
  for (const [name, dockerfile] of Object.entries(apps)) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'Dockerfile'), dockerfile);
    writeFileSync(join(root, name, 'package.json'), '{"name":"x"}');
    writeFileSync(join(root, name, 'package-lock.json'), '{}');
  }
  mkdirSync(join(root, '.state'));
  mkdirSync(join(root, '.tmp'));
  return { root, state: join(root, '.state'), tmp: join(root, '.tmp') };
}

function environment(state: string, tmp: string, scenario: object): NodeJS.ProcessEnv {
  // TMPDIR: the run's temporary folder is made there, so a test can see that it is gone afterwards.
  return { ...PLAIN_ENV, FAKE_ENGINE_DIR: state, FAKE_ENGINE: JSON.stringify(scenario), TMPDIR: tmp };
}

function verify(ws: { root: string; state: string; tmp: string }, args: string[], scenario: object = {}) {
  const r = spawnSync(process.execPath, [CLI, 'verify', '--engine-path', FAKE, ...args], { cwd: ws.root, encoding: 'utf8', env: environment(ws.state, ws.tmp, scenario) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function events(state: string): Event[] {
  const file = join(state, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
}

/** Every image and container the fake created, and which of them were removed afterwards. */
function leftovers(state: string): { created: number; left: string[] } {
  const all = events(state);
  const created = all.filter((e) => e.op === 'image' || e.op === 'container');
  const removed = new Set(all.filter((e) => e.op === 'removed-image' || e.op === 'removed-container').map((e) => e.id));
  return { created: created.length, left: created.filter((e) => !removed.has(e.id)).map((e) => `${e.op} ${e.tag ?? e.name}`) };
}

const calls = (state: string): string[][] => events(state).filter((e) => e.op === 'call').map((e) => e.args!);

function json(stdout: string) {
  return JSON.parse(stdout) as { files: { path: string; status: string; reason: string | null; log: string | null; diff: string | null; original: { size: number | null; user: string | null } | null; converted: { size: number | null; user: string | null } | null; kept?: string[] }[]; summary: Record<string, number> };
}

beforeAll(() => {
  expect(statSync(CLI).isFile(), 'run `npm run build` first').toBe(true);
  chmodSync(FAKE, 0o755);
});
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('what the conversion keeps out', () => {
  it('a path the conversion says it keeps out but the converted image has makes the file failed', () => {
    const ws = workspace({ app: CLI_DF });
    const clean = verify(ws, ['app']);
    expect(clean.code, clean.stderr).toBe(0);
    const r = verify(ws, ['app', '--json'], { present: ['/app/Dockerfile'] });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('still has /app/Dockerfile') });
  });
});

describe('verify without an engine', () => {
  it('a missing client is exit 2 with how to get one', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = spawnSync(process.execPath, [CLI, 'verify', 'app', '--engine-path', join(ws.root, 'no-such-docker')], { cwd: ws.root, encoding: 'utf8', env: PLAIN_ENV });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no container engine: `.*no-such-docker` was not found\. Install Docker .*--engine podman/);
    // Not on PATH either: the same, naming PATH.
    const empty = scratch('msd-empty-path-');
    const p = spawnSync(process.execPath, [CLI, 'verify', 'app', '--engine', 'podman'], { cwd: ws.root, encoding: 'utf8', env: { ...PLAIN_ENV, PATH: empty } });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/`podman` was not found on PATH\. Install Podman/);
  });

  it('an engine that does not answer is exit 2 with how to start it', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = verify(ws, ['app'], { down: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the docker engine does not answer \(Cannot connect to the Docker daemon .*\)\. Start it \(Linux: `sudo systemctl start docker`/);
    expect(calls(ws.state).map((a) => a[0])).toEqual(['version']);
  });

  it('refuses usage errors with exit 2, before asking the engine anything (each check: verify-units)', () => {
    const ws = workspace({ app: HTTP_DF });
    for (const [args, message] of [
      [['--run-arg=-p', '--run-arg=8080:8080'], /--run-arg -p: verify publishes the probed port itself, on 127\.0\.0\.1 only/],
      [['--bogus'], /unknown flag --bogus/],
    ] as const) {
      const r = verify(ws, ['app', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(calls(ws.state)).toEqual([]);
  });

  it('--help lists the flags', () => {
    const r = spawnSync(process.execPath, [CLI, 'verify', '--help'], { encoding: 'utf8', env: PLAIN_ENV });
    expect(r.status).toBe(0);
    for (const flag of ['--probe', '--probe-header', '--env', '--run-arg', '--engine', '--engine-path', '--keep', '--json', '--report', '--concurrency', '--timeout']) expect(r.stdout).toContain(flag);
  });
});

describe('verify with a stand-in engine', () => {
  it('same behaviour: exit 0, sizes, users asked of the containers, Dockerfiles built from outside the context', () => {
    const ws = workspace({ app: CLI_DF });
    const before = readdirSync(join(ws.root, 'app')).map((f) => [f, readFileSync(join(ws.root, 'app', f), 'utf8')]);
    const r = verify(ws, ['app', '--json'], { ids: { original: 'uid=0(root) gid=0(root) groups=0(root)', converted: 'uid=1000(node) gid=1000(node) groups=1000(node)' } });
    expect(r.code, r.stderr).toBe(0);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ path: 'app/Dockerfile', status: 'same', reduction: 88.9, original: { size: 900_000_000, user: 'root(0)' }, converted: { size: 100_000_000, user: 'node(1000)' } });
    expect(r.stderr).toMatch(/^same app\/Dockerfile \(node\): 900\.0 MB → 100\.0 MB \(88\.9% smaller\), user root\(0\) → node\(1000\), built in/m);
    expect(r.stderr).toMatch(/Verified: 1 same, 0 different, 0 failed, 0 unverifiable, 0 unchanged, 0 skipped, 0 errors/);
    // Built with -f from the run's own folder, the context only read; the run's folder is gone afterwards.
    const builds = events(ws.state).filter((e) => e.op === 'build-start');
    expect(builds).toHaveLength(2);
    for (const b of builds) {
      expect(b.context).toBe(join(ws.root, 'app'));
      expect(b.file!.startsWith(join(ws.root, 'app'))).toBe(false);
    }
    expect(readdirSync(join(ws.root, 'app')).map((f) => [f, readFileSync(join(ws.root, 'app', f), 'utf8')])).toEqual(before);
    expect(readdirSync(ws.tmp)).toEqual([]);
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('--context builds from another folder; "-" reads the Dockerfile from stdin and needs --context', () => {
    const ws = workspace({ app: CLI_DF });
    mkdirSync(join(ws.root, 'docker'));
    writeFileSync(join(ws.root, 'docker', 'Dockerfile'), CLI_DF);
    const r = verify(ws, ['docker/Dockerfile', '--context', 'app']);
    expect(r.code, r.stderr).toBe(0);
    expect(events(ws.state).filter((e) => e.op === 'build-start').map((e) => e.context)).toEqual([join(ws.root, 'app'), join(ws.root, 'app')]);
    const env = environment(ws.state, ws.tmp, {});
    const piped = spawnSync(process.execPath, [CLI, 'verify', '--engine-path', FAKE, '-', '--context', 'app'], { cwd: ws.root, encoding: 'utf8', env, input: CLI_DF });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).toMatch(/^same <stdin> \(node\)/m);
    const alone = spawnSync(process.execPath, [CLI, 'verify', '--engine-path', FAKE, '-'], { cwd: ws.root, encoding: 'utf8', env, input: CLI_DF });
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/"-" \(standard input\) needs --context DIR/);
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('different output: exit 1 with a unified diff of what differed', () => {
    const ws = workspace({ app: CLI_DF });
    const r = verify(ws, ['app', '--json'], { cli: { original: { code: 0, stdout: 'total 3\nok\n' }, converted: { code: 0, stdout: 'total 4\nok\n' } } });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file!.status).toBe('different');
    expect(file!.reason).toBe('stdout differs');
    expect(file!.diff).toContain('--- original\n+++ converted\n');
    expect(file!.diff).toContain('-total 3\n+total 4\n');
    expect(r.stderr).toMatch(/^different app\/Dockerfile \(node\): stdout differs; 900\.0 MB/m);
    expect(r.stderr).toContain('    -total 3\n    +total 4\n');
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('-- ARGS replace CMD in both runs', () => {
    const ws = workspace({ app: CLI_DF });
    const r = verify(ws, ['app', '--', '--version', 'x y']);
    expect(r.code, r.stderr).toBe(0);
    const runs = calls(ws.state).filter((a) => a[0] === 'run' && !a.includes('--entrypoint'));
    expect(runs).toHaveLength(2);
    for (const a of runs) expect(a.slice(-2)).toEqual(['--version', 'x y']);
  });

  it('an original that does not build is unverifiable, with the engine\'s last lines; the conversion is not built', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = verify(ws, ['app', '--json'], { buildFail: 'original' });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'unverifiable', reason: 'the original does not build (exit code 1)' });
    expect(file!.log).toContain('main.c:3: error: expected declaration');
    expect(r.stderr).toMatch(/^unverifiable app\/Dockerfile \(node\): the original does not build/m);
    expect(events(ws.state).filter((e) => e.op === 'build-start')).toHaveLength(1);
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('a converted file that does not build is failed, with the engine\'s last lines', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = verify(ws, ['app', '--json'], { buildFail: 'converted' });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'failed', reason: 'the converted Dockerfile does not build (exit code 1)', original: { size: 900_000_000 }, converted: { size: null } });
    expect(file!.log).toMatch(/executor failed running \[\/bin\/sh -c make\]: exit code: 2$/);
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('an image the engine cannot fetch is named, and the file is unverifiable (not failed)', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = verify(ws, ['app', '--json'], { unfetchable: 'converted' });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file!.status).toBe('unverifiable');
    expect(file!.reason).toMatch(/^cannot fetch image docker\.io\/docker\/dockerfile:1 \(the `# syntax=` frontend\).*--no-syntax/);
  });

  it('same answers over HTTP: exit 0; the probes are asked of both, with the headers given', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = verify(ws, ['app', '--json', '--probe', '/', '--probe', '/healthz', '--probe-header', 'X-Probe: 1'], { serve: true });
    expect(r.code, r.stderr).toBe(0);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'same', probe: { kind: 'http', port: 3000, paths: ['/', '/healthz'] } });
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('a different body over HTTP is different, with the diff', () => {
    const ws = workspace({ app: HTTP_DF });
    const r = verify(ws, ['app', '--json'], { serve: true, bodies: { original: 'v1\n', converted: 'v2\n' } });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'different', reason: 'GET /: body differs' });
    expect(file!.diff).toContain(' GET / -> 200 text/plain\n-v1\n+v2\n');
  });

  it('a converted container that exits at once is different, with its last lines', () => {
    const ws = workspace({ app: HTTP_DF });
    const started = Date.now();
    const r = verify(ws, ['app', '--json', '--timeout', '30'], { serve: true, exitAtOnce: 'converted' });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'different', reason: 'the converted image exited at once (exit code 1)' });
    expect(file!.log).toContain('Error: Cannot find module /app/server.js');
    expect(file!.diff).toContain('-GET / -> 200 text/plain\n-hello\n+no behaviour: exited at once (exit code 1)');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('an original container that exits at once is unverifiable, with its last lines', () => {
    const ws = workspace({ app: HTTP_DF });
    const started = Date.now();
    const r = verify(ws, ['app', '--json', '--timeout', '30'], { exitAtOnce: 'original' });
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'unverifiable', reason: 'the original exited at once (exit code 1)' });
    expect(file!.log).toContain('Error: Cannot find module /app/server.js');
    // Noticed at once, not after the 30 s wait.
    expect(Date.now() - started).toBeLessThan(15_000);
    // Published on 127.0.0.1 only, on a port the engine picks.
    const run = events(ws.state).find((e) => e.op === 'container' && e.publish !== undefined);
    expect(run!.publish).toBe('127.0.0.1::3000');
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('a probe that never answers is bounded by --timeout', () => {
    const ws = workspace({ app: HTTP_DF });
    const started = Date.now();
    const r = verify(ws, ['app', '--json', '--timeout', '2']);
    expect(r.code).toBe(1);
    const [file] = json(r.stdout).files;
    expect(file).toMatchObject({ status: 'unverifiable', reason: 'the original did not answer on port 3000 within 2 s' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(leftovers(ws.state).left).toEqual([]);
  });

  it('a file the converter leaves unchanged or skips is reported as such and nothing is built', () => {
    const ws = workspace({
      multi: 'FROM node:20 AS build\nRUN true\nFROM node:20-slim\nCOPY --from=build /x /x\n',
      win: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n',
    });
    const r = verify(ws, ['multi', 'win', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).files.map((f) => [f.path, f.status, f.reason])).toEqual([
      ['multi/Dockerfile', 'unchanged', 'already multi-stage: not re-split'],
      ['win/Dockerfile', 'skipped', 'Windows base image: not converted'],
    ]);
    expect(calls(ws.state).filter((a) => a[0] === 'build')).toEqual([]);
  });

  it('builds one at a time by default, and N files at a time with --concurrency N', () => {
    const ws = workspace({ alpha: CLI_DF, beta: CLI_DF });
    const overlaps = (): boolean => {
      const all = events(ws.state);
      const spans = all.filter((e) => e.op === 'build-start').map((s) => [s.at, all.find((e) => e.op === 'build-end' && e.tag === s.tag)!.at] as const);
      return spans.some(([a0, a1], i) => spans.some(([b0], j) => i !== j && b0 > a0 && b0 < a1));
    };
    expect(verify(ws, ['alpha', 'beta'], { buildMs: 400 }).code).toBe(0);
    expect(overlaps()).toBe(false);
    writeFileSync(join(ws.state, 'events.jsonl'), '');
    expect(verify(ws, ['alpha', 'beta', '--concurrency', '2'], { buildMs: 400 }).code).toBe(0);
    expect(overlaps()).toBe(true);
  });

  it('--keep keeps the images and the stopped containers, named, and says how to remove them', () => {
    const ws = workspace({ app: CLI_DF });
    const r = verify(ws, ['app', '--keep', '--json']);
    expect(r.code).toBe(0);
    const { left } = leftovers(ws.state);
    expect(left.filter((l) => l.startsWith('image'))).toHaveLength(2);
    expect(left.filter((l) => l.startsWith('container'))).toEqual([expect.stringMatching(/^container msd-verify-\w+-1-app-original$/), expect.stringMatching(/-1-app-converted$/)]);
    expect(json(r.stdout).files[0]!.kept).toHaveLength(2);
    expect(r.stderr).toMatch(/kept \(label msd-convert\.verify=\w+\): remove with `.*rm -f \$\(.* ps -aq --filter label=msd-convert\.verify=\w+\)/);
  });

  it('--report writes the Markdown table with a bar per row', () => {
    const ws = workspace({ app: CLI_DF });
    const r = verify(ws, ['app', '--report', 'verify.md']);
    expect(r.code).toBe(0);
    const md = readFileSync(join(ws.root, 'verify.md'), 'utf8');
    expect(md).toMatch(/^\| `app\/Dockerfile` \| ✅ same \| 900\.0 \| 100\.0 \| 88\.9% \| █████████░ \| root\(0\) → root\(0\) \| [\d.]+ \/ [\d.]+ \|$/m);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s in the middle of a build removes every container and image the run created', async (signal, exitCode) => {
    // alpha is being probed (its container runs, and never answers) while beta's converted image builds.
    const ws = workspace({ alpha: HTTP_DF, beta: HTTP_DF });
    const child = spawn(process.execPath, [CLI, 'verify', '--engine-path', FAKE, 'alpha', 'beta', '--concurrency', '2', '--timeout', '120'], {
      cwd: ws.root,
      env: environment(ws.state, ws.tmp, { buildHang: 'beta.*converted' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const ready = (): boolean => {
      const all = events(ws.state);
      return all.some((e) => e.op === 'hanging') && all.some((e) => e.op === 'container' && /alpha-original$/.test(e.name!));
    };
    const deadline = Date.now() + 30_000;
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ready(), 'the fake engine never reached the interrupt point').toBe(true);
    child.kill(signal);
    expect(await exited).toBe(exitCode);
    expect(stderr).toMatch(/interrupted; removing this run's containers and images \(label msd-convert\.verify=\w+\)/);
    const { created, left } = leftovers(ws.state);
    expect(created).toBeGreaterThanOrEqual(4); // alpha: 2 images + 1 container; beta: original + the half-built converted image
    expect(left).toEqual([]);
    // The hanging build client was stopped, not orphaned.
    const hanging = events(ws.state).find((e) => e.op === 'hanging')!;
    expect(() => process.kill(hanging.pid, 0)).toThrow();
    expect(readdirSync(ws.tmp)).toEqual([]);
  }, 60_000);
});
