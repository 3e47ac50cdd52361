// The README stays true to the code: its transform table is the registry's metadata, every flag of --help is
// documented, every setting has a row in the Configuration table, and every transform has its page.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../src/index.ts';
import { KEYS } from '../src/settings.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

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
});
