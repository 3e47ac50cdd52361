// Which files are Dockerfiles, and finding them (renovate's fileMatch idea): `Dockerfile`, `Dockerfile.*`,
// `*.Dockerfile`, `*.dockerfile`, `Containerfile`, case-insensitive. Folders are walked without `.git`,
// `node_modules`, vendored folders and what the repository's .gitignore ignores; globs go to tinyglobby; a
// named file is taken as it is. The order is deterministic: arguments in the order given, the files found
// under one argument sorted, each file once.
import { statSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  const honour = options.gitignore !== false;
  // A folder's own .gitignore is read only when its listing shows one: trying every folder cost a thrown error
  // each (most of the walk's time and garbage on 10,000 folders). Rules match relative or absolute paths alike.
  const walk = (d: string, inherited: Ignores, own: boolean): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    const ignores = own && honour && entries.some((e) => e.name === '.gitignore' && !e.isDirectory()) ? descend(inherited, d) : inherited;
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !isIgnored(ignores, path, true)) walk(path, ignores, true);
      } else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name) && !isIgnored(ignores, path, false)) out.push(path);
    }
  };
  // The rules of the searched folder and of those above it, up to the repository root, are read once here.
  walk(dir, honour ? ignoresFor(resolve(dir)) : [], false);
  return out.sort();
}

/** Paths as the user would write them: relative to the working folder when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel.startsWith('..') ? file : slashed(rel) || file;
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
  // `key` is the absolute path, `below` the path under the searched folder (so `--exclude legacy/**` works for
  // any folder argument), asked for only when there are rules to match.
  const add = (key: string, shown: string, below: () => string): void => {
    if (seen.has(key)) return;
    if (key !== STDIN && (include.length || exclude.length)) {
      const paths = [below(), shown];
      if (include.length && !matchesAny(include, paths)) return;
      if (matchesAny(exclude, paths)) return;
    }
    seen.add(key);
    targets.push({ file: key, shown });
  };
  const base = resolve(cwd);
  const inCwd = base.endsWith(sep) ? base : base + sep;
  for (const p of inputs) {
    const abs = resolve(cwd, p);
    if (p === STDIN) add(STDIN, '<stdin>', () => STDIN);
    else if (isDir(abs)) {
      const found = findDockerfiles(abs, options);
      // The found paths are absolute and normalised already: each is its own key, and the path shown is a slice
      // of it (or the path itself, for an absolute argument outside the working folder). A batch holds every
      // target at once, so each costs a few dozen bytes rather than two more copies of its path.
      const shownFound = (f: string): string =>
        f.startsWith(inCwd) ? slashed(f.slice(inCwd.length)) : isAbsolute(p) ? f : join(p, relative(abs, f));
      if (found.length === 0) problems.push({ path: p, reason: 'no Dockerfiles found in this folder' });
      for (const f of found) add(f, shownFound(f), () => slashed(relative(abs, f)));
    } else if (hasGlobChars(p) && !exists(abs)) {
      const { glob } = await import('tinyglobby');
      const found = (await glob([p], { cwd, dot: true, onlyFiles: true, ignore: [...SKIP_DIRS].map((d) => `**/${d}/**`) })).sort();
      if (found.length === 0) problems.push({ path: p, reason: 'no files match this pattern' });
      for (const f of found) add(resolve(cwd, f), displayPath(f, cwd), () => f);
    } else add(abs, displayPath(p, cwd), () => p);
  }
  const shard = options.shard;
  return { targets: shard ? applyShard(targets, shard) : targets, problems, found: targets.length };
}

const slashed = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
