// The README stays true to the code: its transform table is the registry's metadata, every flag of --help is
// documented, every setting has a row in the Configuration table, and every transform has its page.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../src/index.ts';
import { FORMATS } from '../src/option-table.ts';
import { checkSettings, KEYS } from '../src/settings.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of a `## title` or `### title` section, up to the next heading of its level or above. */
function section(title: string): string {
  const level = /^#+/.exec(title)![0].length;
  const start = README.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`README has no "${title}" section`);
  const lines = README.slice(start + title.length + 2).split('\n');
  let fenced = false;
  const end = lines.findIndex((l) => {
    if (l.startsWith('```')) fenced = !fenced;
    return !fenced && new RegExp(`^#{1,${level}} `).test(l);
  });
  return lines.slice(0, end < 0 ? undefined : end).join('\n');
}

/** The fenced code blocks of a section in a language. */
const blocks = (text: string, lang: string): string[] => [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);

/** The rows of the first table under a `## title` heading, as arrays of trimmed cells. */
function table(title: string): string[][] {
  const section = README.split(/^## /m).find((s) => s.startsWith(title + '\n'));
  if (!section) throw new Error(`README has no "## ${title}" section`);
  const lines = section.split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows = lines.slice(first, lines.findIndex((l, i) => i > first && !l.startsWith('|')));
  return rows.slice(2).map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

describe('README', () => {
  it('the transform table lists exactly the registry: ids in order, safety, descriptions', () => {
    const rows = table('Transforms').map(([id, safety, what]) => ({ id: id!.replace(/`/g, ''), safety, what }));
    expect(rows).toEqual(TRANSFORMS.map((t) => ({ id: t.meta.id, safety: t.meta.safety, what: t.meta.description })));
  });

  it('every flag that --help names is in the Usage section', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: PLAIN_ENV }).stdout;
    const flags = [...new Set(help.match(/(?<![\w-])--[a-z][a-z-]*/g))];
    expect(flags.length).toBeGreaterThan(20);
    const usage = README.split(/^## /m).find((s) => s.startsWith('Usage\n'))!;
    for (const flag of flags) expect(usage, flag).toMatch(new RegExp(`\`${flag}[\\s\`=]`));
  });

  it('every flag that `verify --help` names is in the Prove it section', () => {
    const help = spawnSync(process.execPath, [CLI, 'verify', '--help'], { encoding: 'utf8', env: PLAIN_ENV }).stdout;
    // Not the engine's own flags quoted in an example (`--run-arg=--tmpfs=/tmp`).
    const flags = [...new Set(help.match(/(?<![\w=-])--[a-z][a-z-]*/g))].filter((f) => f !== '--help');
    expect(flags.length).toBeGreaterThan(25);
    const section = README.split(/^## /m).find((s) => s.startsWith('Prove it\n'))!;
    for (const flag of flags) expect(section, flag).toMatch(new RegExp(`\`${flag}[\\s\`=,]`));
  });

  it('every setting has a row in the Configuration table', () => {
    const documented = table('Configuration').flatMap(([keys]) => keys!.split(',').map((k) => k.trim().replace(/`/g, '')));
    expect(documented.sort()).toEqual([...KEYS].sort());
  });

  it('every transform has its page saying what it does, when it skips, and an example', () => {
    for (const t of TRANSFORMS) {
      const page = join(ROOT, 'transforms', `${t.meta.id}.md`);
      expect(existsSync(page), page).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text).toMatch(new RegExp(`^# ${t.meta.id}\\n`));
      for (const h of ['## What it does', '## When it skips', '## Example']) expect(text, `${t.meta.id}: ${h}`).toContain(h);
    }
  });

  it('documents every --format value and every report kind', () => {
    const usage = section('## Usage');
    for (const f of FORMATS) expect(usage, f).toContain(`\`${f}\``);
    for (const ext of ['.md', '.json', '.sarif']) expect(usage).toContain(`(\`${ext}\`)`);
  });

  it('the JSON report example has the fields and counters of a real report', () => {
    const example = JSON.parse(blocks(section('### JSON report'), 'json')[0]!);
    const dir = join(ROOT, 'fixtures', 'apps', 'node-build');
    const real = JSON.parse(spawnSync(process.execPath, [CLI, '--json', 'Dockerfile'], { cwd: dir, encoding: 'utf8', env: PLAIN_ENV }).stdout);
    expect(Object.keys(example.files[0]).sort()).toEqual(Object.keys(real.files[0]).sort());
    expect(Object.keys(example.summary)).toEqual(Object.keys(real.summary));
  });

  it('the configuration example is valid and names the shipped schema', () => {
    const example = JSON.parse(blocks(section('## Configuration'), 'json')[0]!);
    const { $schema, ...settings } = example;
    expect(existsSync(join(ROOT, String($schema).replace('./node_modules/msd-convert/', '')))).toBe(true);
    expect(checkSettings(settings, (k) => k).errors).toEqual([]);
  });

  it('the CI snippets use the hooks and the action inputs that exist, and upload the SARIF report the action writes', () => {
    const ci = section('### CI gating');
    const [precommit, workflow] = blocks(ci, 'yaml').map((y) => parse(y));
    const hooks = (parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map((h) => h.id);
    for (const h of precommit.repos[0].hooks) expect(hooks).toContain(h.id);
    const inputs = Object.keys((parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs);
    const steps = workflow.jobs['msd-convert'].steps as { uses?: string; with?: Record<string, string> }[];
    const ours = steps.find((s) => s.uses?.startsWith('msd-convert/'))!;
    for (const key of Object.keys(ours.with!)) expect(inputs).toContain(key);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with!.sarif_file).toBe(ours.with!.report);
    expect(ours.with!.report).toMatch(/\.sarif$/);
  });
});
