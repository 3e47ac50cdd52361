// Which files are Dockerfiles, and finding them (renovate's fileMatch idea): `Dockerfile`, `Dockerfile.*`,
// `*.Dockerfile`, `*.dockerfile`, `Containerfile`, case-insensitive. Folders are walked without `.git`,
// `node_modules`, vendored folders and what the repository's .gitignore ignores; globs go to tinyglobby; a
// named file is taken as it is. The order is deterministic: arguments in the order given, the files found
// under one argument sorted, each file once.
import { statSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { hasGlobChars, matchesAny, globRules } from './glob.ts';
import { descend, ignoresFor, isIgnored, type Ignores } from './ignore.ts';
import { applyShard, type Shard } from './shard.ts';

export const DOCKERFILE_NAME = /^(?:(?:docker|container)file(?:\..+)?|.+\.(?:docker|container)file)$/i;
export const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', 'third_party', '.hg', '.svn', 'bower_components', '.venv', 'venv', '__pycache__', 'target', 'dist', '.terraform']);
export const STDIN = '-';

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !/\.(md|txt|json|ya?ml|orig|rej|bak|swp|sh|j2|tpl|template|erb|in)$/i.test(name);
}

/** True when a `/`-separated path runs through a folder the search never enters (.git, node_modules, ...). */
export const inSkippedDir = (path: string): boolean => path.split(/[\\/]/).slice(0, -1).some((s) => SKIP_DIRS.has(s));

const ignoresByDir = new Map<string, Ignores>();

/**
 * Whether the folder search would pick this file: a Dockerfile name, outside skipped folders, not ignored by
 * the .gitignore files of its repository (for callers handed arbitrary files, like the jscodeshift module).
 */
export function isDiscoverable(path: string): boolean {
  // Skipped folders count below the working folder only: a checkout may itself live under a `dist/`.
  if (!isDockerfileName(basename(path)) || inSkippedDir(displayPath(path))) return false;
  const abs = resolve(path);
  const dir = dirname(abs);
  let ignores = ignoresByDir.get(dir);
  if (!ignores) ignoresByDir.set(dir, (ignores = ignoresFor(dir)));
  return !isIgnored(ignores, abs, false);
}

/** A file to convert: `file` absolute (or `-`), `shown` as printed and reported. */
export interface Target {
  readonly file: string;
  readonly shown: string;
}

/** An argument that yields no file: reported as an error, it never stops the others. */
export interface Problem {
  readonly path: string;
  readonly reason: string;
}

export interface Discovery {
  readonly targets: readonly Target[];
  readonly problems: readonly Problem[];
  /** Files found before --shard took its share. */
  readonly found: number;
}

export interface DiscoverOptions {
  readonly cwd?: string;
  /** Keep only files matching one of these globs (gitignore syntax, against the path below the searched folder or as shown). */
  readonly include?: readonly string[];
  /** Drop files matching one of these globs. */
  readonly exclude?: readonly string[];
  /** Gitignore rules are honoured unless this is false. */
  readonly gitignore?: boolean;
  readonly shard?: Shard;
}

/** All Dockerfiles below `dir`, sorted, as absolute-or-relative paths joined onto `dir`. */
export function findDockerfiles(dir: string, options: Pick<DiscoverOptions, 'gitignore'> = {}): string[] {
  const out: string[] = [];
  const walk = (d: string, ignores: Ignores): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || isIgnored(ignores, resolve(path), true)) continue;
        walk(path, options.gitignore === false ? ignores : descend(ignores, resolve(path)));
      } else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name) && !isIgnored(ignores, resolve(path), false)) out.push(path);
    }
  };
  walk(dir, options.gitignore === false ? [] : ignoresFor(resolve(dir)));
  return out.sort();
}

/** Paths as the user would write them: relative to the working folder when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel.startsWith('..') ? file : (rel.split(sep).join('/') || file);
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Turns the command line's paths (files, folders, globs, `-`) into the files to convert. */
export async function discover(inputs: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const cwd = options.cwd ?? process.cwd();
  const include = globRules(options.include ?? []);
  const exclude = globRules(options.exclude ?? []);
  const targets: Target[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  // `below` is the path under the searched folder, so `--exclude legacy/**` works for any folder argument.
  const add = (file: string, below: string): void => {
    const key = file === STDIN ? STDIN : resolve(cwd, file);
    if (seen.has(key)) return;
    const shown = file === STDIN ? '<stdin>' : displayPath(file, cwd);
    if (file !== STDIN) {
      const paths = [below, shown];
      if (include.length && !matchesAny(include, paths)) return;
      if (matchesAny(exclude, paths)) return;
    }
    seen.add(key);
    targets.push({ file: key, shown });
  };
  for (const p of inputs) {
    if (p === STDIN) add(STDIN, STDIN);
    else if (isDir(resolve(cwd, p))) {
      const found = findDockerfiles(resolve(cwd, p), options);
      if (found.length === 0) problems.push({ path: p, reason: 'no Dockerfiles found in this folder' });
      for (const abs of found) add(relativeTo(p, abs, cwd), relative(resolve(cwd, p), abs).split(sep).join('/'));
    } else if (hasGlobChars(p) && !exists(resolve(cwd, p))) {
      const { glob } = await import('tinyglobby');
      const found = (await glob([p], { cwd, dot: true, onlyFiles: true, ignore: [...SKIP_DIRS].map((d) => `**/${d}/**`) })).sort();
      if (found.length === 0) problems.push({ path: p, reason: 'no files match this pattern' });
      for (const f of found) add(f, f);
    } else add(p, p);
  }
  const shard = options.shard;
  return { targets: shard ? applyShard(targets, shard) : targets, problems, found: targets.length };
}

/** A file found under the folder argument `arg`, spelled from `arg` (so `../repo` stays `../repo/...`). */
function relativeTo(arg: string, abs: string, cwd: string): string {
  return join(arg, relative(resolve(cwd, arg), abs));
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
