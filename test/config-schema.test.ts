// The JSON Schema of the config file (schema/msd-convert.schema.json, shipped in the package) is generated from
// the option table and agrees with the checks the tool applies: the same values pass and fail both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkSettings, configSchema, KEYS } from '../src/settings.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const ROOT = join(import.meta.dirname, '..');
const FILE = join(ROOT, 'schema', 'msd-convert.schema.json');
const Ajv = AjvModule.default; // CommonJS: its class sits on .default for NodeNext typings

const validator = () => new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(FILE, 'utf8')));

/** Values for every key; the schema and the tool's check must agree on each. */
const SAMPLES: Record<string, unknown[]> = {
  only: [['split-stages'], 'split-stages, add-cache-mounts', ['add-nonroot-user,add-syntax-directive'], '', ['nope'], 'a,b', 5, [1]],
  skip: [[], ['add-syntax-directive'], 'order-copy-for-cache', 'split-stages add-cache-mounts', true],
  user: ['svc', 'app_1', '_x-y', 'Bad User', '9lives', '', 7],
  uid: [5000, 1, 2147483647, '5000', 0, -1, 1.5, 2147483648, 'abc', '', true],
  forceNonroot: [true, false, 'yes', 1],
  runtimeBase: ['slim', 'distroless', 'alpine', 'scratch', 'tiny', 'Slim'],
  staticServer: ['nginx', 'apache', ''],
  cacheMounts: [false, true, 0, 'off'],
  syntax: [false, 'false'],
  dockerignore: [false, 'off'],
  explain: [true, null],
  testStage: [true, false, 'yes'],
  debugStage: [true, 1],
  crossPlatform: [true, false, 'true', 1],
  secretMounts: [true, false, 'yes', null],
  include: [['**/Dockerfile'], 'legacy/**', [1], { a: 1 }],
  exclude: [['legacy/**', 'old'], [], 3],
};

describe('config JSON Schema', () => {
  it('the shipped file is the one generated from the option table (run `npm run schema` after changing a setting)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(`${JSON.stringify(configSchema(), null, 2)}\n`);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });

  it('describes every setting, with the flag that sets it, and refuses other keys', () => {
    const schema = JSON.parse(readFileSync(FILE, 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', ...KEYS].sort());
    expect(schema.properties.cacheMounts.description).toContain('--no-cache-mounts');
    const validate = validator();
    expect(validate({ $schema: './node_modules/msd-convert/schema/msd-convert.schema.json', uid: 5000 })).toBe(true);
    expect(validate({ cacheMount: false })).toBe(false);
  });

  it('accepts and refuses the same values as the tool', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...KEYS].sort());
    const validate = validator();
    for (const [key, values] of Object.entries(SAMPLES)) {
      for (const value of values) {
        const tool = checkSettings({ [key]: value }, (k) => k).errors.length === 0;
        expect(validate({ [key]: value }), `${key}: ${JSON.stringify(value)} (tool ${tool ? 'accepts' : 'refuses'} it)`).toBe(tool);
      }
    }
  });

  it('a config file that names the schema works', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msd-schema-'));
    writeFileSync(join(dir, '.msd-convert.json'), JSON.stringify({ $schema: './node_modules/msd-convert/schema/msd-convert.schema.json', uid: 4242 }));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["true"]\n');
    const r = spawnSync(process.execPath, [CLI, '--print-config', 'Dockerfile'], { cwd: dir, encoding: 'utf8', env: PLAIN_ENV });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).settings.uid).toBe(4242);
  });
});
