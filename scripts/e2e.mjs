#!/usr/bin/env node
// End-to-end test: convert each fixture app's Dockerfile with the CLI, then
// build and run the original and the converted image with the shared harness
// (../shared/e2e/compare.sh) and check that the converted image behaves the
// same, runs as a non-root user and is smaller.
//
// Usage: node scripts/e2e.mjs [APP ...]        (default: every fixtures/apps/*)
//
// Env:
//   MSD_E2E_CONVERTED_DIR=DIR  use DIR/<app>.Dockerfile instead of running the converter
//   MSD_E2E_CONVERTER="CMD"    run `CMD <Dockerfile>` (via sh) instead of the CLI; stdout is the result
//   MSD_E2E_COMPARE=PATH       the harness (default: <repo>/../shared/e2e/compare.sh)
//   MSD_E2E_KEEP=1             keep the work folder (converted Dockerfiles, build logs) even on success
//   MSD_E2E_VERBOSE=1          stream the harness's progress (stderr) while it runs
//   MSD_E2E_APP_TIMEOUT=SEC    hard limit per app (default 1800)
// Anything else compare.sh understands (BUILD_ARGS, RUN_TIMEOUT, MSD_E2E_NET, ...) is passed through.
//
// probe.json in an app folder: {"paths": ["/", "/healthz"]} for HTTP apps, {} for CLI apps;
// optional "sed" (-> PROBE_SED) and "runArgs" (-> RUN_ARGS).
//
// Exit: 0 all apps passed, or no Docker engine answers (tests skipped); 1 some app failed;
// 2 usage error (unknown app, converter not built).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APPS_DIR = join(ROOT, 'fixtures', 'apps');
const COMPARE = resolve(process.env.MSD_E2E_COMPARE || join(ROOT, '..', 'shared', 'e2e', 'compare.sh'));
const CLI = join(ROOT, 'dist', 'bin', 'msd-convert.js');
const STATE = process.env.MSD_E2E_STATE || '/var/lib/msd-e2e';
const APP_TIMEOUT_MS = Number(process.env.MSD_E2E_APP_TIMEOUT || 1800) * 1000;
const VERBOSE = process.env.MSD_E2E_VERBOSE === '1';

const SKIP_MSG = 'no Docker engine: skipping end-to-end tests';
const t0 = Date.now();
const secs = (ms) => (ms / 1000).toFixed(1);
const log = (msg) => console.log(`[e2e] ${msg}`);

function skip(why) {
  console.log(`${SKIP_MSG}${why ? ` (${why})` : ''}`);
  process.exit(0);
}

// --- engine ---------------------------------------------------------------
// The same client/socket compare.sh uses: setup.sh writes them to engine.env;
// values already in the environment win.
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
const ENV = engineEnv();
const DOCKER = ENV.DOCKER || '/usr/bin/docker';

// --- apps -----------------------------------------------------------------
function listApps() {
  if (!existsSync(APPS_DIR)) return [];
  return readdirSync(APPS_DIR)
    .filter((n) => !n.startsWith('.') && statSync(join(APPS_DIR, n)).isDirectory())
    .filter((n) => existsSync(join(APPS_DIR, n, 'Dockerfile')))
    .sort();
}

function readProbe(app) {
  const file = join(APPS_DIR, app, 'probe.json');
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8'));
}

// --- conversion -----------------------------------------------------------
function convert(app) {
  const rel = `fixtures/apps/${app}/Dockerfile`;
  if (process.env.MSD_E2E_CONVERTED_DIR) {
    const file = resolve(process.env.MSD_E2E_CONVERTED_DIR, `${app}.Dockerfile`);
    if (!existsSync(file)) return { ok: false, error: `MSD_E2E_CONVERTED_DIR: ${file} does not exist` };
    return { ok: true, text: readFileSync(file, 'utf8') };
  }
  const r = process.env.MSD_E2E_CONVERTER
    ? spawnSync('sh', ['-c', `${process.env.MSD_E2E_CONVERTER} "$1"`, 'sh', rel], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 })
    : spawnSync(process.execPath, [CLI, '--stdout', rel], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) return { ok: false, error: `converter could not run: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, error: `converter exited ${r.status ?? r.signal}\n${(r.stderr || '').trim()}` };
  if (!r.stdout.trim()) return { ok: false, error: `converter printed nothing\n${(r.stderr || '').trim()}` };
  return { ok: true, text: r.stdout };
}

// --- harness --------------------------------------------------------------
function runCompare(app, convertedFile, outDir, probe) {
  const env = {
    ...ENV,
    MSD_E2E_REQUIRE_NONROOT: '1',
    MSD_E2E_OUT: outDir,
    PROBE_PATHS: (probe.paths && probe.paths.length ? probe.paths : ['/']).join(' '),
  };
  if (probe.sed) env.PROBE_SED = probe.sed;
  if (probe.runArgs) env.RUN_ARGS = Array.isArray(probe.runArgs) ? probe.runArgs.join(' ') : String(probe.runArgs);
  const appDir = join(APPS_DIR, app);
  return new Promise((done) => {
    const child = spawn(COMPARE, [appDir, join(appDir, 'Dockerfile'), convertedFile], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout can stop the whole tree
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (VERBOSE) process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }, APP_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: `${stderr}\n${e.message}`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? (signal ? 128 : -1), stdout, stderr, timedOut });
    });
  });
}

function parseTsv(stdout, app) {
  const line = stdout.split('\n').map((l) => l.trim()).filter(Boolean).find((l) => l.split('\t')[0] === app)
    ?? stdout.trim().split('\n').pop() ?? '';
  const [, orig, conv, reduction, same, user] = line.split('\t');
  return { line, orig, conv, reduction, same, user };
}

const mb = (v) => (/^\d+$/.test(v ?? '') ? (Number(v) / 1e6).toFixed(1) : v || '-');
const tail = (text, n) => text.trimEnd().split('\n').slice(-n).join('\n');

// --- main -----------------------------------------------------------------
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

  if (!existsSync(COMPARE)) skip(`harness not found: ${COMPARE}`);
  const info = spawnSync(DOCKER, ['info'], { env: ENV, stdio: 'ignore', timeout: 30000 });
  if (info.error || info.status !== 0) skip(`\`${DOCKER} info\` failed`);

  if (!process.env.MSD_E2E_CONVERTED_DIR && !process.env.MSD_E2E_CONVERTER && !existsSync(CLI)) {
    console.error(`converter not built: ${CLI} is missing (run \`npm run build\`)`);
    process.exit(2);
  }

  const work = mkdtempSync(join(tmpdir(), 'msd-e2e-run-'));
  const source = process.env.MSD_E2E_CONVERTED_DIR
    ? `hand-written Dockerfiles from ${resolve(process.env.MSD_E2E_CONVERTED_DIR)}`
    : process.env.MSD_E2E_CONVERTER ? `\`${process.env.MSD_E2E_CONVERTER}\`` : 'dist/bin/msd-convert.js --stdout';
  log(`${apps.length} app(s), converter: ${source}, harness: ${COMPARE}, work folder: ${work}`);

  const results = [];
  for (const app of apps) {
    const started = Date.now();
    const res = { app, reasons: [], converted: '', stderr: '', outDir: join(work, app) };
    results.push(res);
    const conv = convert(app);
    const convSecs = secs(Date.now() - started);
    if (!conv.ok) {
      res.reasons.push(conv.error);
      res.time = secs(Date.now() - started);
      log(`${app}: FAIL (conversion) in ${res.time}s`);
      continue;
    }
    res.converted = conv.text;
    const convertedFile = join(work, `${app}.Dockerfile`);
    writeFileSync(convertedFile, conv.text);

    let probe;
    try {
      probe = readProbe(app);
    } catch (e) {
      res.reasons.push(`probe.json: ${e.message}`);
      res.time = secs(Date.now() - started);
      log(`${app}: FAIL (probe.json) in ${res.time}s`);
      continue;
    }
    const cmpStarted = Date.now();
    const cmp = await runCompare(app, convertedFile, res.outDir, probe);
    const cmpSecs = secs(Date.now() - cmpStarted);
    res.time = secs(Date.now() - started);
    res.stderr = cmp.stderr;
    if (cmp.code === 3 && /no engine answers/.test(cmp.stderr)) skip('compare.sh: no engine answers');
    Object.assign(res, parseTsv(cmp.stdout, app));

    if (cmp.timedOut) res.reasons.push(`timed out after ${APP_TIMEOUT_MS / 1000}s`);
    if (cmp.code === 2) res.reasons.push('build failed (see the build log tail below)');
    else if (cmp.code === 3) res.reasons.push('compare.sh usage/engine error');
    if (res.same !== 'yes') res.reasons.push(`behaviour_same is ${res.same || '?'}`);
    if (!res.user || res.user === '-' || /\(0\)$/.test(res.user) || /^root\b/.test(res.user)) {
      res.reasons.push(`converted image user is ${res.user || '?'} (must not be root)`);
    }
    if (/^\d+$/.test(res.orig ?? '') && /^\d+$/.test(res.conv ?? '')) {
      if (!(Number(res.conv) < Number(res.orig))) res.reasons.push(`converted image is not smaller (${mb(res.conv)} MB >= ${mb(res.orig)} MB)`);
    } else if (!cmp.code || cmp.code === 1 || cmp.code === 4) {
      res.reasons.push(`no image sizes in compare.sh output: ${JSON.stringify(res.line)}`);
    }
    if (![0, 1, 2, 3, 4].includes(cmp.code) && !cmp.timedOut) res.reasons.push(`compare.sh exited ${cmp.code}`);
    log(`${app}: ${res.reasons.length ? 'FAIL' : 'ok'} in ${res.time}s (convert ${convSecs}s, build+run ${cmpSecs}s)`);
  }

  // table
  const rows = [
    ['app', 'original size (MB)', 'converted size (MB)', 'reduction', 'behaviour', 'user', 'time (s)', 'result'],
    ...results.map((r) => [
      r.app, mb(r.orig), mb(r.conv),
      r.reduction && r.reduction !== '-' ? `${r.reduction}%` : '-',
      r.same === 'yes' ? 'same' : r.same === 'no' ? 'DIFFERENT' : '-',
      r.user || '-', r.time ?? '-', r.reasons.length ? 'FAIL' : 'ok',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const fmt = (row) => `| ${row.map((c, i) => (i >= 1 && i <= 3 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  console.log('');
  console.log(fmt(rows[0]));
  console.log(`|${widths.map((w, i) => (i >= 1 && i <= 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const row of rows.slice(1)) console.log(fmt(row));
  console.log('');

  const failed = results.filter((r) => r.reasons.length);
  for (const r of failed) {
    console.log(`### ${r.app}: FAILED`);
    for (const why of r.reasons) console.log(`- ${why.split('\n').join('\n  ')}`);
    if (r.converted) {
      console.log('\nconverted Dockerfile:\n```dockerfile');
      console.log(r.converted.trimEnd());
      console.log('```');
    }
    if (r.stderr) {
      console.log('\ncompare.sh stderr (tail):\n```');
      console.log(tail(r.stderr, 40));
      console.log('```');
    }
    // what the converted container itself said (run errors, crash output)
    for (const f of ['converted.run.err', 'converted.stderr', 'converted.container.log']) {
      const file = join(r.outDir, f);
      if (existsSync(file) && readFileSync(file, 'utf8').trim()) {
        console.log(`\n${f} (tail):\n\`\`\``);
        console.log(tail(readFileSync(file, 'utf8'), 15));
        console.log('```');
      }
    }
    if (existsSync(r.outDir)) console.log(`details: ${r.outDir}`);
    console.log('');
  }

  const total = secs(Date.now() - t0);
  if (failed.length) {
    console.log(`e2e: ${failed.length} of ${results.length} app(s) failed: ${failed.map((r) => r.app).join(', ')} (${total}s; work folder kept: ${work})`);
    process.exit(1);
  }
  if (process.env.MSD_E2E_KEEP === '1') console.log(`work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`e2e: all ${results.length} app(s) passed (${total}s)`);
}

main().catch((e) => {
  console.error(e?.stack || String(e));
  process.exit(1);
});
