// Project fixtures: fixtures/projects/<case>/input/** is a tree of repositories, output/** the same tree after
// a batch `--write`. A working copy marks every top-level folder as a repository (a `.git` folder holding a
// Dockerfile that must never be touched), since a fixture cannot carry a real `.git`.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

export const PROJECTS = join(import.meta.dirname, '..', '..', 'fixtures', 'projects');
export const GIT_DOCKERFILE = 'FROM scratch\n';

export function projectCases(): string[] {
  return readdirSync(PROJECTS).sort();
}

/** A fresh working copy of a case's input tree; its path. */
export function workingCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `msd-${name}-`));
  cpSync(join(PROJECTS, name, 'input'), dir, { recursive: true });
  for (const repo of readdirSync(dir, { withFileTypes: true })) {
    if (!repo.isDirectory()) continue;
    mkdirSync(join(dir, repo.name, '.git'));
    writeFileSync(join(dir, repo.name, '.git', 'Dockerfile'), GIT_DOCKERFILE);
  }
  return dir;
}

/** Every file below `dir` (relative, `/`-separated, sorted) with its bytes, `.git` folders left out. */
export function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join('/'), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const expectedTree = (name: string): Map<string, string> => tree(join(PROJECTS, name, 'output'));
