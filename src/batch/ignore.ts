// The repository's `.gitignore` files, as the folder walk sees them: each level's rules apply to paths
// relative to its folder, and a deeper file overrides a shallower one. Those of the folders above the searched
// one count too, up to the repository root (the folder holding `.git`). `.dockerignore` is deliberately not
// used: it lists what stays out of a build context, and very often names the Dockerfile itself.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { globRules, verdict, type GlobRule } from './glob.ts';

interface Level {
  readonly base: string;
  readonly rules: readonly GlobRule[];
}

export type Ignores = readonly Level[];

function level(dir: string): Level | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  const rules = globRules(text.split(/\r?\n/));
  return rules.length ? { base: dir, rules } : undefined;
}

/** The rules in force in `dir` (absolute): those of its enclosing repository's folders down to `dir` itself. */
export function ignoresFor(dir: string): Ignores {
  const chain: string[] = [dir];
  let repoRoot: string | undefined = existsSync(join(dir, '.git')) ? dir : undefined;
  for (let d = dirname(dir); !repoRoot && d !== chain[chain.length - 1]; d = dirname(d)) {
    chain.push(d);
    if (existsSync(join(d, '.git'))) repoRoot = d;
  }
  // Outside a repository only the folder's own .gitignore counts.
  const dirs = repoRoot ? chain.reverse() : [dir];
  return dirs.map(level).filter((l): l is Level => l !== undefined);
}

/** The rules in force inside `dir`, given those of its parent. */
export function descend(parent: Ignores, dir: string): Ignores {
  const own = level(dir);
  return own ? [...parent, own] : parent;
}

export function isIgnored(ignores: Ignores, path: string, isDir: boolean): boolean {
  let result: boolean | undefined;
  for (const l of ignores) {
    const rel = relative(l.base, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    result = verdict(l.rules, rel, isDir) ?? result;
  }
  return result === true;
}
