// What of the app folder the runtime receives: the entries the app runs with, named one by one, and the ones that
// are provably build-only kept out with the reason (sources compiled into the output, tests, docs, CI and VCS
// files, Dockerfiles, build configs, secret files). Entries are the app folder's top level as the build leaves
// it: what the context copied there, plus what the installs and the build wrote. When that cannot be told
// (no context, a RUN that writes into the folder in ways not followed, a build whose output is not known), the
// whole folder is handed over, as before, and the reason is reported.
import { copySources, copyTarget, isWholesaleCopy, resolvePath } from '../model/paths.ts';
import type { Facts } from './contract.ts';
import { credentialFile } from './credentials.ts';

/** An entry of the app folder left out of the runtime, and why. */
export interface KeptOut {
  /** The entry as the app folder holds it (`src/`, `.env`), relative to it. */
  readonly entry: string;
  readonly why: string;
}

export interface AppHandover {
  /** Absolute paths of folders copied from the builder to the same path in the runtime. */
  readonly paths: readonly string[];
  /** Absolute paths of the app folder's files, copied together into it. */
  readonly files: readonly string[];
  readonly keptOut: readonly KeptOut[];
  /** Why the whole folder went over (nothing named one by one), or absent. */
  readonly whole?: string;
}

export interface AppOutputs {
  /** Entries the installs and the build write into the app folder (`node_modules/`, `dist/`). */
  readonly written: readonly string[];
  /** Entries the build compiles into its output, with what compiles them (`src/` → "tsc into dist/"). */
  readonly compiled: readonly KeptOut[];
  /** Entries the start command or the app's configuration needs even when they look build-only. */
  readonly needed?: readonly string[];
  /** Why the entries the build writes cannot be told (then the whole folder goes over). */
  readonly unknown?: string;
}

const CLASSES: readonly [RegExp, string][] = [
  [/^(tests?|__tests__|spec|specs|e2e|cypress|coverage|\.nyc_output)\/$|^(pytest\.ini|tox\.ini|\.coveragerc|conftest\.py)$/, 'tests'],
  [/^(docs?)\/$|^(README|CHANGELOG|CHANGES|CONTRIBUTING|CODE_OF_CONDUCT|SECURITY)(\.[\w]+)?$/i, 'documentation'],
  [/^(\.git|\.github|\.gitlab|\.circleci|\.vscode|\.idea|\.devcontainer|\.husky)\/$|^(\.gitignore|\.gitattributes|\.gitmodules|\.gitlab-ci\.yml|\.travis\.yml|Jenkinsfile|azure-pipelines\.yml|\.editorconfig|\.pre-commit-config\.yaml)$/, 'CI and version control files'],
  [/^(Dockerfile|Containerfile)([.-][\w.-]*)?$|\.dockerfile$|^\.dockerignore$|^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i, 'Dockerfiles and compose files'],
  [/^(tsconfig(\.[\w-]+)?\.json|jsconfig\.json|\.eslintrc(\.\w+)?|eslint\.config\.\w+|\.prettierrc(\.\w+)?|prettier\.config\.\w+|\.stylelintrc(\.\w+)?|jest\.config\.\w+|vitest\.config\.\w+|\.babelrc(\.\w+)?|babel\.config\.\w+|webpack\.config\.\w+|rollup\.config\.\w+|vite\.config\.\w+|\.nvmrc|\.node-version|\.flake8|\.pylintrc|mypy\.ini|\.rubocop\.yml|phpunit\.xml(\.dist)?|\.php-cs-fixer(\.dist)?\.php|Makefile)$/, 'build and lint configuration'],
];

const SECRETS = /^(\.env(\.[\w.-]+)?|.*\.pem|.*\.key|id_(rsa|dsa|ecdsa|ed25519)(\.pub)?|\.netrc|\.git-credentials|\.pypirc)$/;
/** Why this entry of the app folder is provably build-only, or null. `example.env` style templates stay. */
export function buildOnly(entry: string, read: (path: string) => string | undefined): string | null {
  const name = entry.replace(/\/$/, '');
  if (SECRETS.test(name) && !/\.(example|sample|template|dist)$/.test(name)) return 'a secret file: pass secrets at run time instead';
  // Config files that are secret only when they hold a credential (npm, pip): the install reads them, the app never.
  const credential = credentialFile(name);
  if (credential?.installOnly && credential.name === name) return credential.holds?.test(read(name) ?? '') ? 'it holds a registry credential' : 'package-manager configuration for the install';
  for (const [pattern, what] of CLASSES) if (pattern.test(entry)) return what;
  return null;
}

const MODES = new Set(['chmod', 'chown', 'chgrp', 'sed']);
const CREATES = new Set(['mkdir', 'touch', 'cp', 'ln', 'install', 'mv']);

/**
 * What the stage's own file commands do to the app folder's top level (installs and builds are the ecosystem's
 * to tell): entries they create, entries they delete, or why that cannot be followed.
 */
function fileCommands(facts: Facts): { created: string[]; removed: string[] } | { unknown: string } {
  const created: string[] = [];
  const removed: string[] = [];
  const top = (path: string, workdir: string | null): string | null => {
    const abs = resolvePath(path, workdir);
    if (!abs || !facts.appDir || !facts.inApp(abs) || abs === facts.appDir) return null;
    return abs.slice(facts.appDir.length + 1).split('/')[0] || null;
  };
  for (const run of facts.runs) {
    for (const c of run.commands) {
      if (c.role !== 'app-local') continue;
      const base = c.command.base;
      const args = c.command.args.filter((a) => !a.startsWith('-'));
      if (MODES.has(base)) continue;
      if (base === 'rm') {
        for (const a of args) {
          const abs = resolvePath(a, run.workdir);
          const t = top(a, run.workdir);
          if (t && abs === `${facts.appDir}/${t}`) removed.push(t);
        }
        continue;
      }
      const targets = CREATES.has(base) ? (base === 'mkdir' || base === 'touch' ? args : args.slice(-1)) : [];
      for (const w of [...targets, ...c.command.writes]) {
        const t = top(w, run.workdir);
        if (t) created.push(t);
      }
      if (!CREATES.has(base) && c.command.writes.length === 0) return { unknown: `\`${base}\` at line ${run.ins.line} changes files in the app folder` };
    }
  }
  return { created, removed };
}

/**
 * The runtime's share of the app folder. `outputs` come from the ecosystem, which knows what its installs and
 * build write; secret files written by a RUN from a secret-looking ARG are kept out too.
 */
export function appHandover(facts: Facts, outputs: AppOutputs): AppHandover {
  const app = facts.appDir;
  if (!app) return { paths: [], files: [], keptOut: [], whole: 'no app folder' };
  const whole = (why: string): AppHandover => ({ paths: [app], files: [], keptOut: [], whole: why });
  if (!facts.project.known) return whole('there is no build context to list');
  if (outputs.unknown) return whole(outputs.unknown);
  const changed = fileCommands(facts);
  if ('unknown' in changed) return whole(changed.unknown);
  const entries = new Set<string>(outputs.written);
  for (const ins of facts.stage.instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
    const dest = copyTarget(ins, facts.workdirAt.get(ins) ?? null);
    if (!facts.inApp(dest) || !dest) continue;
    if (ins.keyword === 'ADD' && copySources(ins).some((s) => /^[a-z]+:\/\//i.test(s) || /\.(tar|tgz|tar\.\w+)$/.test(s))) return whole(`the ADD at line ${ins.line} fetches or unpacks files`);
    const rel = dest === app || dest === app + '/' ? '' : dest.slice(app.length + 1).replace(/\/$/, '');
    if (isWholesaleCopy(ins)) {
      if (rel) return whole(`the sources are copied into ${dest}, a folder inside the app folder`);
      for (const name of facts.project.list('')) entries.add(name);
      continue;
    }
    const sources = copySources(ins);
    const intoFolder = sources.length > 1 || dest.endsWith('/') || rel === '';
    for (const s of sources) {
      if (/[*?[$]/.test(s)) return whole(`the COPY at line ${ins.line} names files by a pattern or variable`);
      const name = s.replace(/^\.\//, '').replace(/\/$/, '');
      const isDir = facts.project.list(name).length > 0;
      const landed = rel ? rel.split('/')[0] : intoFolder ? name.split('/').pop()! : '';
      if (!landed) return whole(`the COPY at line ${ins.line} replaces the app folder itself`);
      entries.add(`${landed}${isDir || rel ? '/' : ''}`);
    }
  }
  // Entries the stage creates or deletes itself (a folder made for logs, a file removed after the build).
  for (const name of changed.created) if (![...entries].some((e) => e.replace(/\/$/, '') === name)) entries.add(facts.project.list(name).length ? `${name}/` : name);
  for (const name of changed.removed) for (const e of [...entries]) if (e.replace(/\/$/, '') === name) entries.delete(e);
  const secretFiles = new Set(writtenFromSecrets(facts));
  const needed = new Set(outputs.needed ?? []);
  const compiled = new Map(outputs.compiled.map((k) => [k.entry, k.why]));
  const keptOut: KeptOut[] = [];
  const paths: string[] = [];
  const files: string[] = [];
  for (const entry of [...entries].sort()) {
    const why = needed.has(entry) ? null : secretFiles.has(entry.replace(/\/$/, '')) ? 'written from a secret-looking build argument' : (compiled.get(entry) ?? buildOnly(entry, (p) => facts.project.read(p)));
    if (why) keptOut.push({ entry, why });
    // A folder is its own COPY (COPY copies a folder's contents); files go together into the app folder.
    else if (entry.endsWith('/') || facts.project.list(entry).length > 0 || !facts.project.exists(entry)) paths.push(`${app}/${entry.replace(/\/$/, '')}`);
    else files.push(`${app}/${entry}`);
  }
  if (paths.length + files.length === 0) return whole('nothing of the app folder would be left');
  return { paths, files, keptOut };
}

/**
 * For ecosystems whose build steps are not followed file by file: the first build command that may write into
 * the app folder (then the whole folder goes over), unless `known` says what it is.
 */
export function unfollowedBuild(facts: Facts, known: (c: Facts['runs'][number]['commands'][number]) => boolean = () => false): string | undefined {
  for (const run of facts.runs) {
    const c = run.commands.find((k) => k.role === 'build' && !known(k));
    if (c) return `cannot tell what \`${[c.command.name, ...c.command.args].join(' ').slice(0, 50)}\` at line ${run.ins.line} writes`;
  }
  return undefined;
}

const SECRET_VAR = /\$\{?([A-Za-z_]\w*)/g;

/** Files in the app folder that a RUN writes from a secret-looking ARG or ENV (`echo "…${NPM_TOKEN}" > .npmrc`). */
function writtenFromSecrets(facts: Facts): string[] {
  const out: string[] = [];
  for (const run of facts.runs) {
    for (const c of run.commands) {
      if (c.command.writes.length === 0) continue;
      const text = [c.command.name, ...c.command.args].join(' ');
      const secret = [...text.matchAll(SECRET_VAR)].some((m) => facts.envKind(m[1]) === 'secret');
      if (!secret) continue;
      for (const w of c.command.writes) {
        const abs = resolvePath(w, run.workdir);
        if (abs && facts.appDir && facts.inApp(abs) && abs !== facts.appDir) out.push(abs.slice(facts.appDir.length + 1).split('/')[0]);
      }
    }
  }
  return out;
}
