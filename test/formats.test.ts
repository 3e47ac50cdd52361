// The machine-readable outputs, through the built command on the fleet fixture: GitHub workflow annotations
// (--format github) and SARIF 2.1.0 (--format sarif, --report FILE.sarif), each against its fixture
// (fixtures/projects/fleet/annotations.txt, report.sarif); the SARIF log is also validated against the
// SARIF 2.1.0 JSON Schema (fixtures/sarif/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../src/index.ts';
import { workflowCommand } from '../src/report/github.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';
import { PROJECTS, workingCopy } from './helpers/projects.ts';

const ROOT = join(import.meta.dirname, '..');
const FLEET = join(PROJECTS, 'fleet');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: PLAIN_ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

// Both are CommonJS whose default export sits on `.default` when TypeScript reads them as NodeNext modules.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

/** The vendored schema is draft-04; one of its patterns is only valid without the Unicode flag. */
function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')));
}

/** The fixture with the package's version where the log names it, so a release does not rewrite the fixture. */
const sarifFixture = (): string => readFileSync(join(FLEET, 'report.sarif'), 'utf8').replaceAll('"0.1.0"', JSON.stringify(VERSION));

describe('--format github', () => {
  it('one warning per change on its line, one error per failed file, and --check keeps its exit code', () => {
    const r = run(['--check', '--format', 'github', '--quiet', '.'], workingCopy('fleet'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(readFileSync(join(FLEET, 'annotations.txt'), 'utf8'));
    expect(r.stdout).toContain('::error file=repo-services/services/legacy/Dockerfile.prod,line=2,title=msd-convert%3A error::unterminated line continuation');
    // The files that would not change get none.
    expect(r.stdout).not.toMatch(/web\.Dockerfile|debug\.dockerfile/);
    // Nothing to change: no annotation, exit 0.
    expect(run(['--check', '--format', 'github', 'repo-services/services/web'], workingCopy('fleet'))).toMatchObject({ code: 0, stdout: '' });
  });

  it('escapes values by the workflow-command rules: %, CR and LF everywhere, also : and , in properties', () => {
    expect(workflowCommand('warning', { file: 'a,b:c%.Dockerfile', line: 3, title: 'x: y' }, '100% sure\r\nnext: line, yes')).toBe(
      '::warning file=a%2Cb%3Ac%25.Dockerfile,line=3,title=x%3A y::100%25 sure%0D%0Anext: line, yes\n',
    );
    expect(workflowCommand('error', { file: 'Dockerfile', line: undefined }, 'm')).toBe('::error file=Dockerfile::m\n');
  });
});

describe('SARIF 2.1.0', () => {
  it('--format sarif prints the fixture log, valid against the SARIF 2.1.0 schema', () => {
    const r = run(['--format', 'sarif', '--quiet', '.'], workingCopy('fleet'));
    expect(r.code).toBe(1); // the broken file
    expect(r.stdout).toBe(sarifFixture());
    const validate = sarifValidator();
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the validator refuses a broken log (the check can fail)', () => {
    const log = JSON.parse(sarifFixture());
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    expect(sarifValidator()(log)).toBe(false);
  });

  it('rules are the transforms with their pages; results are the changes with file, line and split', () => {
    const log = JSON.parse(sarifFixture());
    const run0 = log.runs[0];
    expect(run0.tool.driver).toMatchObject({ name: 'msd-convert', version: VERSION, informationUri: expect.stringMatching(/^https:\/\//) });
    expect(run0.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(TRANSFORMS.map((t) => t.meta.id));
    for (const rule of run0.tool.driver.rules) {
      expect(rule.helpUri).toMatch(new RegExp(`/transforms/${rule.id}\\.md$`));
      expect(rule.shortDescription.text).toBe(TRANSFORMS.find((t) => t.meta.id === rule.id)!.meta.description);
    }
    const api = run0.results.filter((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'repo-services/services/api/Dockerfile');
    expect(api.length).toBe(12);
    expect(api[0]).toMatchObject({ ruleId: 'split-stages', level: 'warning', properties: { split: true } });
    expect(api[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'repo-services/services/api/Dockerfile', uriBaseId: '%SRCROOT%', index: 2 }, region: { startLine: 1 } });
    const ops = run0.artifacts.find((a: { location: { uri: string } }) => a.location.uri === 'repo-ops/DockerFile');
    expect(ops.properties).toMatchObject({ status: 'converted', split: false, kinds: ['non-root'] });
    expect(run0.invocations[0].executionSuccessful).toBe(false);
    expect(run0.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'error', message: { text: 'unterminated line continuation at end of file' } }),
    ]);
  });

  it('--report FILE.sarif writes the same log next to a --check', () => {
    const dir = workingCopy('fleet');
    const file = join(mkdtempSync(join(tmpdir(), 'msd-sarif-')), 'results.sarif');
    const r = run(['--check', '--quiet', '--report', file, '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(sarifFixture());
  });

  it('a file outside the working folder is a file URI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msd sarif '));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["true"]\n');
    const elsewhere = mkdtempSync(join(tmpdir(), 'msd-cwd-'));
    const log = JSON.parse(run(['--format', 'sarif', join(dir, 'Dockerfile')], elsewhere).stdout);
    expect(log.runs[0].artifacts[0].location).toEqual({ uri: `file://${encodeURI(join(dir, 'Dockerfile'))}` });
    expect(sarifValidator()(log)).toBe(true);
  });
});
