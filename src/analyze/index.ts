// analyze(model, project) → Facts: what a stage is built from, where the app lives, what every RUN does,
// which ecosystem and package manager are in use, and the runtime facts (ports, users, privilege drops, the
// start command). Everything the ecosystems know is asked through their registry, here and nowhere else.
import { finalStage, type Instruction, type Model, type Stage } from '../model/model.ts';
import { copyDest, copyTarget, isInside, isWholesaleCopy, resolvePath, unquote } from '../model/paths.ts';
import { splitShell } from '../model/shell.ts';
import { measured, type Profiler } from '../pipeline/profile.ts';
import type { CacheTool, EnvKind, Facts, PackageInstall, RunFacts, SecretUse } from './contract.ts';
import { ECOSYSTEMS } from './ecosystems/index.ts';
import { entryFacts } from './entry.ts';
import { SECRET, SYSTEM_BUILD_ENV } from './env.ts';
import { baseImage, mayBeWindows } from './base-images.ts';
import { distroOf, hasPlainEntrypoint, imagePorts, isWindowsImage, parseImage, releaseOf, serverImageUser, type Distro, type ImageRef } from './images.ts';
import { APT_CACHE, isToolchain, runtimePackages } from './packages.ts';
import { rootAtStart } from './privileges.ts';
import type { Project } from './project.ts';
import { classifyRun } from './roles.ts';
import { secretUses } from './secrets.ts';

const BUILD_PACKAGES = new Set(ECOSYSTEMS.flatMap((e) => e.buildPackages ?? []));
const BUILD_ENV = [SYSTEM_BUILD_ENV, ...ECOSYSTEMS.flatMap((e) => (e.buildEnv ? [e.buildEnv] : []))];

/** A system package that only builds: a compiler, headers, or an ecosystem's toolchain. */
export const isBuildOnlyPackage = (pkg: string): boolean => isToolchain(pkg) || BUILD_PACKAGES.has(pkg);

/** What an ENV/ARG name is for: a credential, a setting only build tools read, or something the app may read. */
export const envKind = (name: string, value?: string): EnvKind => {
  if (SECRET.test(name)) return value !== undefined && !fromSecretVariable(value) ? 'baked-secret' : 'secret';
  return BUILD_ENV.some((r) => r.test(name)) ? 'build' : 'runtime';
};

/** A value taken from a secret-looking variable (`ENV NPM_TOKEN=$NPM_TOKEN`): a build credential passed on. */
const fromSecretVariable = (value: string): boolean => [...value.matchAll(/\$\{?(\w+)/g)].some((m) => SECRET.test(m[1]));

/** The download caches of every tool the ecosystems know, then the system package manager's. */
export const CACHE_TOOLS: readonly CacheTool[] = [...ECOSYSTEMS.flatMap((e) => e.caches ?? []), APT_CACHE];

const VAR_NAME = /\$\{?([A-Za-z_]\w*)/g;

/** RUN classifications shared across the models of one conversion, by the RUN's raw arguments. */
export type RunMemo = Map<string, { readonly workdir: string | null; readonly appDir: string | null; readonly heredoc: boolean; readonly touched: readonly string[]; readonly run: RunFacts }[]>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `runMemo`: RUN classifications shared across the models of one conversion (see the call in the pipeline). */
export function analyze(model: Model, project: Project, stage: Stage = finalStage(model), profile?: Profiler, runMemo?: RunMemo): Facts {
  const resolved = resolveFromArgs(model, stage.image);
  const base = resolved === stage.image ? parseImage(resolved) : { ...parseImage(resolved), template: stage.image };
  const workdirAt = new Map<Instruction, string | null>();
  const userAt = new Map<Instruction, string | null>();
  const env = new Map<string, string>();
  let wd: string | null = null;
  let user: string | null = null;
  const ports: number[] = [];
  const sourceCopies: Instruction[] = [];
  let copyDir: string | null = null;
  // ARG defaults and ENV values, for the variables a WORKDIR names (`WORKDIR ${APP_HOME}`).
  const vars = new Map<string, string>();
  for (const a of model.globalArgs) for (const [k, v] of a.pairs) if (v) vars.set(k, v);
  // The variables in force at each RUN, for the paths its commands name (`curl -o $TOOL_HOME/x`).
  const varsAt = new Map<Instruction, ReadonlyMap<string, string>>();
  // Where each COPY/ADD puts its files, variables filled in.
  const targetAt = new Map<Instruction, string | null>();
  for (const ins of stage.instructions) {
    workdirAt.set(ins, wd);
    if (ins.keyword === 'RUN' && vars.size) {
      // Only the variables the RUN names: a copy of all of them per RUN grows with the square of the file.
      const named = new Map<string, string>();
      for (const m of ins.rawArgs.matchAll(VAR_NAME)) {
        const v = vars.get(m[1]);
        if (v !== undefined) named.set(m[1], v);
      }
      if (named.size) varsAt.set(ins, named);
    }
    userAt.set(ins, user);
    if (ins.keyword === 'WORKDIR') wd = resolvePath(expand(unquote(ins.args), vars), wd);
    else if (ins.keyword === 'USER') user = ins.args.trim();
    else if (ins.keyword === 'ARG') {
      for (const [k, v] of ins.pairs) if (v) vars.set(k, v);
    } else if (ins.keyword === 'ENV') for (const [k, v] of ins.pairs) {
      env.set(k, v);
      vars.set(k, expand(v, vars));
    }
    else if (ins.keyword === 'EXPOSE') {
      for (const p of ins.args.trim().split(/\s+/)) if (/^\d+(\/\w+)?$/.test(p)) ports.push(parseInt(p, 10));
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') targetAt.set(ins, resolvePath(expand(unquote(copyDest(ins)), vars), wd));
    if (isWholesaleCopy(ins)) {
      sourceCopies.push(ins);
      copyDir ??= copyTarget(ins, wd);
    }
  }
  // Without a trailing slash (`WORKDIR /app/`): paths inside it are built by appending to it.
  const appDir = (wd ? wd.replace(/(.)\/+$/, '$1') : null) ?? (copyDir && copyDir !== '/' ? copyDir.replace(/\/$/, '') : null);
  const split = profile ? (src: string) => measured(profile, 'shell', () => splitShell(src)) : splitShell;
  // Each RUN knows the folders that hold context or app files by then (copied, cloned, built there): a
  // command run elsewhere, naming none of them, is not working on the app.
  const runs: RunFacts[] = [];
  const touched: string[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') {
      const target = targetAt.get(ins);
      // Context files land there (a COPY --from of another image is a tool, not the app's files).
      if (target !== undefined && !ins.flags.some((f) => f.name.toLowerCase() === 'from')) touched.push(target && appDir && isInside(target, appDir) ? appDir : target ?? '/');
      continue;
    }
    const run = classified(ins, workdirAt.get(ins) ?? null, appDir, split, runMemo, varsAt.get(ins), [...new Set(touched)]);
    runs.push(run);
    if (appDir !== null && fillsApp(run, appDir)) touched.push(appDir);
  }
  const root = rootImage(model, stage, base);
  const entry = entryFacts(stage, split);
  let rootWhy: string | null | undefined;
  let secrets: readonly SecretUse[] | undefined;
  // One object, completed in place once the detectors have read it (no copy per stage analysed).
  const facts: Mutable<Facts> = {
    model,
    project,
    stage,
    base,
    root,
    distro: stageDistro(root.ref, runs),
    windows: isWindowsStage(model, stage),
    workdirAt,
    workdir: wd,
    appDir,
    // An app at the root (`WORKDIR /`) holds only what is copied to the root itself, not the whole file system.
    inApp: (path) => (appDir === '/' ? path === '/' : isInside(path, appDir)),
    userAt,
    user,
    imageUser: serverImageUser(root.ref) ?? imageUserOf(root.ref),
    sourceCopies,
    runs,
    system: runtimePackages(keptGroups(runs), isBuildOnlyPackage, releaseOf(root.ref)),
    ecosystem: null,
    packageManager: null,
    ports,
    privilegedPort: [...ports, ...imagePorts(root.ref)].find((p) => p < 1024) ?? null,
    // Read only when asked (the user transform asks of the final stage): it may read the entrypoint script.
    // A function, not a getter: an accessor in this literal gave every facts object its own hidden class,
    // which kept whole conversions alive past young-generation collections and doubled the time spent in GC.
    rootAtStart: () => (rootWhy === undefined ? (rootWhy = rootAtStart(facts)) : rootWhy),
    entry,
    env,
    envKind,
    cacheTools: CACHE_TOOLS,
    // Read only when asked (the secret-mounts transform asks): it reads credential files of the context.
    secretUses: () => (secrets === undefined ? (secrets = secretUses(facts)) : secrets),
  };
  for (const e of ECOSYSTEMS) {
    const pm = e.detect(facts);
    if (pm !== null) {
      facts.ecosystem = e;
      facts.packageManager = pm;
      break;
    }
  }
  // Another ecosystem's runtime installed only to build a part (Node for a front end next to a Python, Go or
  // Java back end): its packages stay in the builder when the image never runs its tools.
  const needed = facts.ecosystem?.needsTools?.(facts) ?? [];
  const foreign = new Set(ECOSYSTEMS.filter((e) => e !== facts.ecosystem && e.toolPackages && !needed.includes(e.id) && !e.startsTools?.(facts)).flatMap((e) => e.toolPackages ?? []));
  if (facts.ecosystem && foreign.size && facts.system.packages.some((p) => foreign.has(p))) {
    facts.system = runtimePackages(keptGroups(runs), (p) => isBuildOnlyPackage(p) || foreign.has(p), releaseOf(root.ref));
  }
  return facts;
}

/** Package installs, a virtual group the stage never deletes (`apk add --virtual .rundeps`) counted as kept. */
function keptGroups(runs: readonly RunFacts[]): PackageInstall[] {
  const deleted = new Set(runs.flatMap((r) => r.commands.filter((c) => c.command.base === 'apk' && c.command.args.includes('del')).flatMap((c) => c.command.args)));
  return runs.flatMap((r) => r.packages.map((p) => (p.virtual && p.group && !deleted.has(p.group) ? { ...p, virtual: false } : p)));
}

/** `${NAME}` and `$NAME` replaced by known values (others left as written). */
const expand = (text: string, vars: ReadonlyMap<string, string>): string =>
  text.includes('$') ? text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => vars.get(a ?? b ?? '') ?? whole) : text;

function classified(i: Instruction, workdir: string | null, appDir: string | null, split: typeof splitShell, runMemo: RunMemo | undefined, vars?: ReadonlyMap<string, string>, touched: readonly string[] = ['/']): RunFacts {
  // A RUN that names variables is classified with their values: not shared through the memo.
  if (!runMemo || (vars && i.rawArgs.includes('$'))) return classifyRun(i, workdir, appDir, ECOSYSTEMS, split, vars, touched);
  // The same RUN text in the same folders classifies the same: a re-parse after an edit elsewhere reuses it.
  // Keyed by the RUN's own text (no joined key string to build and hash: words and exec form follow from it
  // in one file), the folders compared after.
  let seen = runMemo.get(i.rawArgs);
  const known = seen?.find((r) => r.workdir === workdir && r.appDir === appDir && r.heredoc === i.heredoc && r.touched.join('\0') === touched.join('\0'));
  if (known) return { ...known.run, ins: i, packages: known.run.packages.map((p) => ({ ...p, line: i.line })) };
  const run = classifyRun(i, workdir, appDir, ECOSYSTEMS, split, undefined, touched);
  if (!seen) runMemo.set(i.rawArgs, (seen = []));
  seen.push({ workdir, appDir, heredoc: i.heredoc, touched, run });
  return run;
}

/** A RUN that puts something into the app folder: a clone or download there, a build, an install, app files. */
const fillsApp = (run: RunFacts, appDir: string): boolean =>
  run.commands.some((c) => ['build', 'dep-install', 'app-local'].includes(c.role) || [...(c.fetches ?? []), ...(c.places ?? [])].some((p) => isInside(p, appDir)) || (c.role !== 'neutral' && isInside(run.workdir, appDir) && c.command.writes.length > 0));

const imageUserOf = (ref: ImageRef): string | null => {
  for (const e of ECOSYSTEMS) {
    const u = e.imageUser?.(ref);
    if (u) return u;
  }
  return null;
};

/** The image a stage finally stands on (`FROM builder` follows the earlier stage). */
function rootImage(model: Model, stage: Stage, base: ImageRef): Facts['root'] {
  let s = stage;
  for (let hops = 0; hops < model.stages.length; hops++) {
    const earlier = model.stages.find((e) => e.index < s.index && e.name?.toLowerCase() === s.image.toLowerCase());
    if (!earlier) break;
    s = earlier;
  }
  const ref = s === stage ? base : parseImage(s.image);
  return { image: s.image, ref, plain: hasPlainEntrypoint(ref), shell: baseImage(ref)?.shell ?? null };
}

/** The distro of the image, else the one whose package manager the stage uses. */
function stageDistro(ref: ImageRef, runs: readonly RunFacts[]): Distro {
  const d = distroOf(ref);
  if (d !== 'unknown') return d;
  const managers = new Set(runs.flatMap((r) => r.packages.map((p) => p.manager)));
  if (managers.has('apt')) return 'debian';
  if (managers.has('apk')) return 'alpine';
  if (managers.has('yum')) return 'rhel';
  return 'unknown';
}

/**
 * A stage that builds a Windows image: its image says so (nanoserver, servercore, ltsc tags), or the file is
 * written for Windows (a PowerShell/cmd SHELL, `C:\` paths, the backtick escape that Windows paths need).
 */
export function isWindowsStage(model: Model, stage: Stage): boolean {
  const ref = parseImage(resolveFromArgs(model, stage.image));
  if (isWindowsImage(ref)) return true;
  // The backtick escape is there for Windows paths, unless the image can only be Linux (`node:20`, `*-alpine`).
  if (model.escape === '`' && mayBeWindows(ref)) return true;
  return stage.instructions.some(
    (i) => (i.keyword === 'SHELL' && /^(powershell|cmd)(\.exe)?$/i.test(i.json?.[0] ?? '')) || (['WORKDIR', 'COPY', 'ADD'].includes(i.keyword) && /(^|\s|")[a-z]:[\\/]/i.test(i.args)),
  );
}

/** `FROM ${BASE}` with a global `ARG BASE=node:20` → `node:20` (a default-less ARG stays as written). */
export function resolveFromArgs(model: Model, image: string): string {
  return image.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    for (const a of model.globalArgs) {
      const [k, v] = a.pairs[0] ?? [];
      if (k === name && v) return v;
    }
    return whole;
  });
}
