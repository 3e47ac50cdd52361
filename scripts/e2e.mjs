#!/usr/bin/env node
// End-to-end test: `msd-convert verify` over the fixture apps (fixtures/apps/*), so that our tests and our users
// prove a conversion the same way. verify converts each app's Dockerfile in memory, builds the original and the
// converted image with Docker, runs both, probes both and compares; this script only says what each app needs,
// runs the command, and checks the verdicts against what each app expects.
//
// Usage: node scripts/e2e.mjs [APP ...]        (default: every fixtures/apps/* with a Dockerfile)
//
// probe.json in an app folder (every key optional):
//   "paths":   ["/", "/healthz"]     --probe, for an app that EXPOSEs a port (default ["/"])
//   "args":    ["--version"]         `-- ARGS`, for an app without a port (they replace CMD)
//   "env":     {"K": "V"}            --env K=V
//   "headers": {"Accept": "text/html"}   --probe-header
//   "runArgs": ["--tmpfs=/tmp"]      --run-arg
//   "buildArgs": {"NODE_VERSION": "20"}   --build-arg NAME=VALUE, for both builds
//   "secrets": {"NPM_TOKEN": "value"}     --secret id=NPM_TOKEN,env=MSD_E2E_SECRET_NPM_TOKEN for both builds (the
//                                    value in that variable); verify also searches the converted image's layers for it
//   "verdict": "same"                the verdict expected (default "same")
//   "requireNonroot": true           the converted container must not run as root (default true)
//   "expectSmaller": true            the converted image must be smaller than the original (default true)
//   "policies": ["scratch"]          also verify a conversion with --runtime-base <policy>, as a row of its own
//                                    ("app --runtime-base scratch"), held to the same expectations
//   "convert": ["--test-stage"]      conversion flags for verify (and for the target builds below)
//   "targets": [{ "target": "test", "logHas": "TESTS PASSED" }, { "target": null, "logLacks": "TESTS PASSED" },
//               { "target": "debug", "run": ["sh", "-c", "echo ok"], "stdoutHas": "ok" }]
//                                    after verify, build the converted Dockerfile with `--target <target>` (null:
//                                    the default target) and check the build log (a build that must show a line
//                                    runs without the cache), or run the image with `run` (its first word as the
//                                    entrypoint) and check what it prints
// Apps whose verify options are equal are verified together by one run (MSD_E2E_CONCURRENCY at a time, default
// 2: the engine builds one while it runs another); such groups run one after the other.
//
// What this machine cannot do, and how the test gets around it (here, not in the product):
//   - no registry: the `# syntax=docker/dockerfile:1` frontend the converter adds cannot be pulled, so the apps are
//     converted with the converter's own --no-syntax (verify alone would say "unverifiable: cannot fetch image
//     docker.io/docker/dockerfile:1 (the `# syntax=` frontend)", see test/verify-fake-engine.test.ts); base images
//     are the local stand-ins that ../shared/e2e/setup.sh builds;
//   - the `docker` first on PATH may be a newer client without buildx (no BuildKit then): the client and socket are
//     the ones setup.sh wrote to $MSD_E2E_STATE/engine.env, passed with --engine-path and DOCKER_HOST.
//
// Env: MSD_E2E_STATE (default /var/lib/msd-e2e), MSD_E2E_CONCURRENCY (default 2), MSD_E2E_REPORT=FILE.md (keep the
// Markdown report of the last group there), MSD_E2E_KEEP=1 (--keep: leave the images and containers),
// MSD_E2E_NO_CACHE=1 (--no-cache: every build from scratch, to measure the worst case).
// Exit: 0 all apps passed, or no engine answers (tests skipped); 1 some app failed; 2 usage error.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APPS_DIR = join(ROOT, 'fixtures', 'apps');
const CLI = join(ROOT, 'dist', 'bin', 'msd-convert.js');
const STATE = process.env.MSD_E2E_STATE || '/var/lib/msd-e2e';
const CONCURRENCY = process.env.MSD_E2E_CONCURRENCY || '2';
const t0 = Date.now();
const secs = (ms) => (ms / 1000).toFixed(1);
const log = (msg) => console.log(`[e2e] ${msg}`);

// The client and socket setup.sh chose; values already in the environment win.
function engineEnv() {
  const env = { ...process.env };
  const file = join(STATE, 'engine.env');
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^(DOCKER|DOCKER_HOST|DOCKER_CONFIG)=(.*)$/.exec(line.trim());
      if (m && !env[m[1]] && m[2]) env[m[1]] = m[2];
    }
  }
  return env;
}

function listApps() {
  if (!existsSync(APPS_DIR)) return [];
  return readdirSync(APPS_DIR)
    .filter((n) => !n.startsWith('.') && statSync(join(APPS_DIR, n)).isDirectory() && existsSync(join(APPS_DIR, n, 'Dockerfile')))
    .sort();
}

const DEFAULTS = { paths: ['/'], args: null, env: {}, headers: {}, runArgs: [], buildArgs: {}, secrets: {}, verdict: 'same', requireNonroot: true, expectSmaller: true, policies: [], convert: [], targets: [] };

function readProbe(app) {
  const file = join(APPS_DIR, app, 'probe.json');
  const given = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const unknown = Object.keys(given).filter((k) => !(k in DEFAULTS));
  if (unknown.length) throw new Error(`${file}: unknown key(s) ${unknown.join(', ')} (known: ${Object.keys(DEFAULTS).join(', ')})`);
  return { ...DEFAULTS, ...given };
}

/** The variable a secret's value is passed in (the engine's client reads it: `--secret id=…,env=…`). */
const secretVariable = (id) => `MSD_E2E_SECRET_${id.replace(/\W/g, '_').toUpperCase()}`;

/** The verify arguments an app needs besides its path; apps with equal arguments share one run. */
function verifyArgs(p, policy) {
  const args = [...(policy ? ['--runtime-base', policy] : []), ...p.convert];
  for (const path of p.paths) args.push('--probe', path);
  for (const [k, v] of Object.entries(p.env)) args.push('--env', `${k}=${v}`);
  for (const [k, v] of Object.entries(p.headers)) args.push('--probe-header', `${k}: ${v}`);
  for (const a of p.runArgs) args.push(`--run-arg=${a}`);
  for (const [k, v] of Object.entries(p.buildArgs)) args.push(`--build-arg=${k}=${v}`);
  for (const k of Object.keys(p.secrets)) args.push(`--secret=id=${k},env=${secretVariable(k)}`);
  if (p.args) args.push('--', ...p.args);
  return args;
}

/** Runs verify; its per-file lines go straight to our stderr, its JSON report comes back. */
function runVerify(paths, extra, env, report) {
  const args = [CLI, 'verify', ...paths, '--engine-path', env.DOCKER || '/usr/bin/docker', '--no-syntax', '--concurrency', CONCURRENCY, '--json', '--report', report];
  if (process.env.MSD_E2E_KEEP === '1') args.push('--keep');
  if (process.env.MSD_E2E_NO_CACHE === '1') args.push('--no-cache');
  const dashes = extra.indexOf('--');
  const flags = dashes === -1 ? extra : extra.slice(0, dashes);
  const rest = dashes === -1 ? [] : extra.slice(dashes);
  return new Promise((done) => {
    const child = spawn(process.execPath, [...args, ...flags, ...rest], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    // Ctrl-C reaches verify too (same process group): it removes its containers and images, then exits.
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Runs a command, output collected (stdout and stderr together in `all`). */
function run(cmd, args, env) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let all = '';
    child.stdout.on('data', (d) => ((stdout += d), (all += d)));
    child.stderr.on('data', (d) => (all += d));
    child.on('close', (code) => done({ code, stdout, all }));
  });
}

/**
 * The probe's `targets`: the converted Dockerfile (converted again here, with the same flags, into a file of
 * our own) built with --target, its log checked, its image run. Returns why it failed (empty: passed).
 */
async function checkTargets(app, p, env, work) {
  const why = [];
  const conv = await run(process.execPath, [CLI, '--stdout', '--no-syntax', ...p.convert, `fixtures/apps/${app}/Dockerfile`], env);
  if (conv.code !== 0) return [`converting for the target builds failed: ${conv.all.trim().slice(0, 300)}`];
  const file = join(work, `${app}.Dockerfile`);
  writeFileSync(file, conv.stdout);
  const docker = env.DOCKER || '/usr/bin/docker';
  const buildEnv = { ...env, DOCKER_BUILDKIT: '1' };
  for (const t of p.targets) {
    const name = t.target ?? 'default';
    const tag = `msd-e2e-target-${app}-${name}`;
    const args = ['build', '--progress=plain', ...(t.target ? ['--target', t.target] : []), ...(t.logHas ? ['--no-cache'] : []), '-f', file, '-t', tag, join(APPS_DIR, app)];
    const started = Date.now();
    const b = await run(docker, args, buildEnv);
    log(`${app}: docker build ${t.target ? `--target ${t.target}` : '(default target)'} exited ${b.code} in ${secs(Date.now() - started)}s`);
    if (b.code !== 0) {
      why.push(`target ${name}: the build failed:\n${b.all.trim().split('\n').slice(-15).join('\n')}`);
      continue;
    }
    if (t.logHas && !b.all.includes(t.logHas)) why.push(`target ${name}: the build log does not show "${t.logHas}"`);
    if (t.logLacks && b.all.includes(t.logLacks)) why.push(`target ${name}: the build log shows "${t.logLacks}", which it must not`);
    if (t.run) {
      const r = await run(docker, ['run', '--rm', '--entrypoint', t.run[0], tag, ...t.run.slice(1)], env);
      log(`${app}: ${name} image ran \`${t.run.join(' ')}\`: exit ${r.code}, printed ${JSON.stringify(r.stdout.trim().slice(0, 120))}`);
      if (r.code !== 0) why.push(`target ${name}: \`${t.run.join(' ')}\` exited ${r.code}: ${r.all.trim().slice(0, 300)}`);
      else if (t.stdoutHas && !r.stdout.includes(t.stdoutHas)) why.push(`target ${name}: the run did not print "${t.stdoutHas}"`);
    }
    if (process.env.MSD_E2E_KEEP !== '1') await run(docker, ['image', 'rm', '-f', tag], env);
  }
  return why;
}

const mb = (v) => (typeof v === 'number' ? (v / 1e6).toFixed(1) : '-');

/** Why an app's result is not what it expects (empty: passed). */
function check(file, p) {
  const why = [];
  if (!file) return ['verify reported nothing for it'];
  if (file.status !== p.verdict) why.push(`verdict ${file.status}, expected ${p.verdict}${file.reason ? `: ${file.reason}` : ''}`);
  const user = file.converted?.user;
  if (p.requireNonroot && (!user || /\(0\)$/.test(user) || user === '0')) why.push(`the converted image runs as ${user ?? '?'} (must not be root)`);
  const [o, c] = [file.original?.size, file.converted?.size];
  if (p.expectSmaller && !(typeof o === 'number' && typeof c === 'number' && c < o)) why.push(`the converted image is not smaller (${mb(c)} MB vs ${mb(o)} MB)`);
  return why;
}

async function main() {
  const all = listApps();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((a) => !all.includes(a));
  if (unknown.length) {
    console.error(`unknown app(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
    process.exit(2);
  }
  const apps = wanted.length ? wanted : all;
  if (!apps.length) {
    console.error(`no apps under ${APPS_DIR}`);
    process.exit(2);
  }
  if (!existsSync(CLI)) {
    console.error(`the command is not built: ${CLI} is missing (run \`npm run build\`)`);
    process.exit(2);
  }
  const probes = new Map();
  for (const app of apps) {
    try {
      probes.set(app, readProbe(app));
    } catch (e) {
      console.error(e.message);
      process.exit(2);
    }
  }
  // Each app with the default policy, and once more with each policy its probe.json names.
  const runs = apps.flatMap((app) => [{ app, label: app }, ...probes.get(app).policies.map((policy) => ({ app, policy, label: `${app} --runtime-base ${policy}` }))]);
  const groups = new Map();
  for (const run of runs) {
    const key = JSON.stringify(verifyArgs(probes.get(run.app), run.policy));
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }

  const env = engineEnv();
  for (const app of apps) for (const [k, v] of Object.entries(probes.get(app).secrets)) env[secretVariable(k)] = v;
  const work = mkdtempSync(join(tmpdir(), 'msd-e2e-run-'));
  log(`${apps.length} app(s) in ${groups.size} verify run(s), ${CONCURRENCY} at a time, engine client ${env.DOCKER || '/usr/bin/docker'}`);
  const results = new Map();
  let n = 0;
  for (const [key, members] of groups) {
    const report = join(work, `verify-${++n}.md`);
    const started = Date.now();
    const r = await runVerify(members.map((m) => `fixtures/apps/${m.app}`), JSON.parse(key), env, report);
    if (r.code === 2 && /no container engine|does not answer/.test(r.stderr)) {
      console.log('no Docker engine: skipping end-to-end tests');
      rmSync(work, { recursive: true, force: true });
      process.exit(0);
    }
    let parsed = { files: [] };
    try {
      parsed = JSON.parse(r.stdout);
    } catch {
      log(`verify exited ${r.code} without a JSON report`);
    }
    for (const m of members) results.set(m.label, parsed.files.find((f) => f.path === `fixtures/apps/${m.app}/Dockerfile`));
    log(`${members.map((m) => m.label).join(', ')}: verify exited ${r.code} in ${secs(Date.now() - started)}s`);
    if (process.env.MSD_E2E_REPORT && existsSync(report)) copyFileSync(report, process.env.MSD_E2E_REPORT);
  }

  // Apps with extra targets: built and checked once each, after verify (their rows fail with the reasons).
  const targetProblems = new Map();
  for (const app of apps) if (probes.get(app).targets.length) targetProblems.set(app, await checkTargets(app, probes.get(app), env, work));

  const rows = [['app', 'original (MB)', 'converted (MB)', 'reduction', 'verdict', 'user', 'build (s)', 'result']];
  const failed = [];
  for (const { app: name, label: app } of runs) {
    const f = results.get(app);
    const why = [...check(f, probes.get(name)), ...(app === name ? (targetProblems.get(name) ?? []) : [])];
    if (why.length) failed.push({ app, why, file: f });
    rows.push([
      app,
      mb(f?.original?.size),
      mb(f?.converted?.size),
      typeof f?.reduction === 'number' ? `${f.reduction.toFixed(1)}%` : '-',
      f?.status ?? '-',
      f?.converted?.user ?? '-',
      f?.original?.buildSeconds != null ? `${f.original.buildSeconds.toFixed(1)} / ${f.converted?.buildSeconds?.toFixed(1) ?? '-'}` : '-',
      why.length ? 'FAIL' : 'ok',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const right = (i) => i >= 1 && i <= 3;
  const fmt = (row) => `| ${row.map((c, i) => (right(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  console.log('');
  console.log(fmt(rows[0]));
  console.log(`|${widths.map((w, i) => (right(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const row of rows.slice(1)) console.log(fmt(row));
  console.log('');
  for (const { app, why, file } of failed) {
    console.log(`### ${app}: FAILED`);
    for (const w of why) console.log(`- ${w}`);
    const detail = file?.diff || file?.log;
    if (detail) console.log(`\n\`\`\`\n${detail.trimEnd()}\n\`\`\``);
    console.log('');
  }
  const total = secs(Date.now() - t0);
  if (failed.length) {
    console.log(`e2e: ${failed.length} of ${runs.length} run(s) failed: ${failed.map((f) => f.app).join(', ')} (${total}s; reports kept in ${work})`);
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`e2e: all ${runs.length} run(s) of ${apps.length} app(s) passed (${total}s)`);
}

main().catch((e) => {
  console.error(e?.stack || String(e));
  process.exit(1);
});
