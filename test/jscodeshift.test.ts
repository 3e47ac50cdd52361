// The jscodeshift route: jscodeshift itself (the devDependency, through its own CLI) runs the built transform
// module over a project fixture and must leave the same tree as our batch `--write`, with matching counters.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import transformer from '../src/jscodeshift.ts';
import { PLAIN_ENV } from './helpers/cli.ts';
import { expectedTree, PROJECTS, tree, workingCopy } from './helpers/projects.ts';

const ROOT = join(import.meta.dirname, '..');
const MODULE = join(ROOT, 'dist', 'src', 'jscodeshift.js');
const JSCODESHIFT = join(createRequire(import.meta.url).resolve('jscodeshift/package.json'), '..', 'bin', 'jscodeshift.js');

beforeAll(() => {
  expect(statSync(MODULE).isFile(), 'run `npm run build` first').toBe(true);
});

describe('jscodeshift compatibility', () => {
  it('jscodeshift --no-babel --extensions= -t dist/src/jscodeshift.js gives the batch result', () => {
    const dir = workingCopy('fleet');
    // jscodeshift colours its counters when the environment asks for colour (CI may set FORCE_COLOR): read plain text.
    const run = spawnSync(process.execPath, [JSCODESHIFT, '--no-babel', '--extensions=', '--fail-on-error', '-t', MODULE, '.'], { cwd: dir, encoding: 'utf8', env: PLAIN_ENV });
    const r = { status: run.status, stdout: stripVTControlCharacters(run.stdout), stderr: stripVTControlCharacters(run.stderr) };
    const got = tree(dir);
    const want = expectedTree('fleet');
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [file, bytes] of want) expect(got.get(file), file).toBe(bytes);
    const counts = /(\d+) errors\n(\d+) unmodified\n(\d+) skipped\n(\d+) ok/.exec(r.stdout);
    expect(counts, r.stdout + r.stderr).not.toBeNull();
    const [errors, unmodified, skipped, ok] = counts!.slice(1).map(Number);
    const summary = JSON.parse(readFileSync(join(PROJECTS, 'fleet', 'summary.json'), 'utf8'));
    expect({ ok, unmodified, errors }).toEqual({ ok: summary.converted, unmodified: summary.unchanged, errors: summary.error });
    // Every other file jscodeshift hands over (sources, manifests, ignored and .git Dockerfiles) is a skip.
    expect(skipped).toBeGreaterThan(summary.skipped);
    expect(r.stdout).toMatch(/REP repo-services\/tools\/debug\.dockerfile not split: /);
    expect(r.stdout).toContain('ERR repo-services/services/legacy/Dockerfile.prod');
    expect(r.status).toBe(summary.error > 0 ? 1 : 0);
  });

  it('the module skips non-Dockerfiles itself and takes options from jscodeshift flags', () => {
    const api = { report: () => {} };
    const df = 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n';
    expect(transformer({ path: 'src/app.js', source: 'const x = 1;\n' }, api)).toBeUndefined();
    expect(transformer({ path: 'node_modules/x/Dockerfile', source: df }, api)).toBeUndefined();
    const out = transformer({ path: 'Dockerfile', source: df }, api, { user: 'svc', uid: 20000 });
    expect(out).toContain('adduser -S -D -H -u 20000 -G svc svc');
    const multi = readFileSync(join(PROJECTS, 'fleet', 'input', 'repo-services', 'services', 'web', 'web.Dockerfile'), 'utf8');
    expect(transformer({ path: 'web.Dockerfile', source: multi }, api)).toBe(multi); // unchanged → jscodeshift's "unmodified"
    expect(() => transformer({ path: 'Dockerfile', source: df }, api, { uid: 'abc' })).toThrow(/--uid/);
    // Every conversion flag of the command line passes through (the option table), as jscodeshift spells it.
    const node = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n';
    expect(transformer({ path: 'Dockerfile', source: node }, api)).toContain('--mount=type=cache');
    expect(transformer({ path: 'Dockerfile', source: node }, api, { 'cache-mounts': false })).not.toContain('--mount=type=cache');
    expect(() => transformer({ path: 'Dockerfile', source: df }, api, { 'runtime-base': 'tiny' })).toThrow('--runtime-base must be one of slim, distroless, alpine, scratch, got "tiny"');
  });
});
