// Node: npm, yarn (classic and berry), pnpm, bun. Manifests: package.json + the lockfile that exists
// (+ .npmrc, yarn berry's .yarnrc.yml and .yarn/releases, every workspace member's package.json).
// Runtime: node:<same>-slim (alpine stays alpine), oven/bun:<same>-slim; the app folder is handed over after
// dev dependencies are pruned in the builder.
import { msg } from '../../messages.ts';
import { isVersionQuery, positional, splitShell, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Insertion, Outcome, SplitPlan } from '../contract.ts';
import { nativeCompilers } from '../cross.ts';
import { appHandover, type AppOutputs, type KeptOut } from '../handover.ts';
import { isFullImage, isOfficial, type ImageRef } from '../images.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { interpreterArgs, interpreterStart } from '../entry.ts';
import { contextPath, expandFolders } from '../local-refs.ts';
import { readJson } from '../project.ts';
import { nodePart } from './node-part.ts';
import { distroBase, runtimeBase } from '../runtime-base.ts';

const BUILD_TOOLS = new Set(['tsc', 'webpack', 'vite', 'next', 'ng', 'gulp', 'grunt', 'rollup', 'esbuild', 'parcel', 'nest', 'babel', 'node-gyp', 'bower']);
const TEST_SCRIPTS = /^(test|lint|check|typecheck|format|e2e)(:|$)/;
/** Install options that leave the dev dependencies out (after a full install they remove them again). */
const PRODUCTION = /(^|\s)(--production(=true)?|--omit[= ]dev|--only[= ]prod(uction)?|--prod)(\s|$)/;
const LOCKFILES: Readonly<Record<string, readonly string[]>> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.pnpmfile.cjs'],
  bun: ['bun.lock', 'bun.lockb', 'bunfig.toml'],
};
// Yarn berry reads its own release and settings before anything else.
const BERRY = ['.yarnrc.yml', '.yarn/releases/', '.yarn/plugins/', '.yarn/patches/'];

function classify(cmd: Command): Classified | null {
  const name = cmd.base;
  if (MANAGERS.has(name) && isVersionQuery(cmd)) return { command: cmd, role: 'neutral' };
  const args = cmd.args;
  const [sub, ...rest] = positional(args);
  const global = args.includes('-g') || args.includes('--global');
  if (name === 'npm') {
    if (['ci', 'install', 'i', 'add', 'isntall'].includes(sub ?? '') || (sub === undefined && args.includes('install'))) {
      if (global) return { command: cmd, role: 'system-config', note: 'global install' };
      return { command: cmd, role: 'dep-install', readsSources: rest.some((r) => r.startsWith('.') || r.startsWith('/')), ...(PRODUCTION.test(args.join(' ')) ? { prunes: true } : {}) };
    }
    if (sub === 'run' || sub === 'run-script') return { command: cmd, role: TEST_SCRIPTS.test(rest[0] ?? '') ? 'test' : 'build' };
    if (sub === 'test' || sub === 't') return { command: cmd, role: 'test' };
    if (sub === 'prune') return { command: cmd, role: 'neutral', prunes: true };
    if (['prune', 'cache', 'config', 'audit', 'set', 'version', 'dedupe', 'ls', 'outdated'].includes(sub ?? '')) return { command: cmd, role: 'neutral' };
    if (sub === 'rebuild' || sub === 'exec') return { command: cmd, role: 'build' };
    return null;
  }
  if (name === 'yarn') {
    if (sub === undefined || sub === 'install') return { command: cmd, role: 'dep-install', ...(PRODUCTION.test(args.join(' ')) ? { prunes: true } : {}) };
    if (sub === 'global') return { command: cmd, role: 'system-config', note: 'global install' };
    if (sub === 'add') return { command: cmd, role: 'dep-install' };
    if (sub === 'cache' || sub === 'config' || sub === 'autoclean') return { command: cmd, role: 'neutral' };
    if (sub === 'test' || (sub === 'run' && TEST_SCRIPTS.test(rest[0] ?? '')) || TEST_SCRIPTS.test(sub)) return { command: cmd, role: 'test' };
    return { command: cmd, role: 'build' };
  }
  if (name === 'pnpm') {
    if (sub === 'install' || sub === 'i' || sub === 'add') return { command: cmd, role: global ? 'system-config' : 'dep-install' };
    if (sub === 'fetch') return { command: cmd, role: 'dep-install' };
    if (sub === 'prune') return { command: cmd, role: 'neutral', prunes: true };
    if (sub === 'store' || sub === 'config') return { command: cmd, role: 'neutral' };
    if (sub === 'test' || TEST_SCRIPTS.test(sub ?? '') || (sub === 'run' && TEST_SCRIPTS.test(rest[0] ?? ''))) return { command: cmd, role: 'test' };
    return { command: cmd, role: 'build' };
  }
  if (name === 'bun' || name === 'bunx') {
    if (name === 'bunx') return { command: cmd, role: 'build' };
    if (sub === 'install' || sub === 'i' || sub === 'add') return { command: cmd, role: global ? 'system-config' : 'dep-install' };
    if (sub === 'test' || (sub === 'run' && TEST_SCRIPTS.test(rest[0] ?? ''))) return { command: cmd, role: 'test' };
    if (sub === 'pm' || sub === '--version') return { command: cmd, role: 'neutral' };
    return { command: cmd, role: 'build' };
  }
  if (name === 'corepack') return { command: cmd, role: 'system-config' };
  if (name === 'npx' || BUILD_TOOLS.has(name)) return { command: cmd, role: 'build' };
  if (name === 'node' && rest.length >= 0 && sub && !sub.startsWith('-')) return { command: cmd, role: 'build' };
  return null;
}

function detect(facts: Facts): string | null {
  for (const run of facts.runs) {
    for (const c of run.commands) {
      const n = c.command.base;
      if (c.role === 'dep-install' && (n === 'npm' || n === 'yarn' || n === 'pnpm' || n === 'bun')) return n;
    }
  }
  if (facts.base.repo === 'oven/bun') return 'bun';
  return isOfficial(facts.base, 'node') ? 'npm' : null;
}

const MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
/** Node itself and its package managers as distro packages. */
const TOOL_PACKAGES: ReadonlySet<string> = new Set(['nodejs', 'npm', 'yarn', 'yarnpkg', 'nodejs-npm', 'nodejs-current', 'pnpm']);

/** The Python node-gyp runs its build scripts with. */
const NODE_GYP_PYTHON = new Set(['python3', 'python3-minimal', 'python-is-python3', 'python3-distutils', 'python']);

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  if (install.readsSources) return { skip: 'the install reads local sources' };
  // The install's own tool decides the lockfile (a stage may also run another ecosystem's installs).
  const pm = MANAGERS.has(install.command.base) ? install.command.base : 'npm';
  const pkg = readJson(facts.project, 'package.json');
  if (facts.project.known) {
    if (!pkg) return { skip: 'no package.json in the build context' };
    const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
    const hook = ['preinstall', 'install', 'postinstall', 'prepare'].find((s) => s in scripts);
    if (hook) return { skip: `package.json has a \`${hook}\` script that may need the sources` };
    const members = workspaceManifests(facts, pkg);
    if ('skip' in members) return members;
    const local = localDependencies(facts, ['package.json', ...members]);
    if ('skip' in local) return local;
    const berry = pm === 'yarn' && facts.project.exists('.yarnrc.yml') ? BERRY : [];
    const files = ['package.json', ...(LOCKFILES[pm] ?? []), '.npmrc', ...berry].filter((f) => facts.project.exists(f.replace(/\/$/, '')));
    return [...new Set([...files, ...members, ...local])];
  }
  return pm === 'npm' ? ['package*.json'] : ['package.json', ...(LOCKFILES[pm] ?? []).slice(0, 1)];
}

/** package.json of every workspace member (npm/yarn `workspaces`, pnpm-workspace.yaml `packages`). */
function workspaceManifests(facts: Facts, pkg: Record<string, unknown>): Outcome<string[]> {
  const ws = pkg.workspaces as unknown;
  let patterns: unknown = Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages;
  const pnpm = facts.project.read('pnpm-workspace.yaml');
  if (pnpm !== undefined) patterns = [...pnpm.matchAll(/^\s*-\s*['"]?([^'"\s#]+)['"]?/gm)].map((m) => m[1]);
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string')) return { skip: 'workspaces that this tool cannot read' };
  const out: string[] = [];
  for (const raw of patterns as string[]) {
    if (raw.startsWith('!')) continue;
    const dirs = expandFolders(facts.project, raw);
    if (!dirs) return { skip: `workspace pattern \`${raw}\` is not expanded by this tool` };
    for (const d of dirs) if (facts.project.exists(`${d}/package.json`)) out.push(`${d}/package.json`);
  }
  return out.sort();
}

// Dependencies installed from the build context rather than a registry (npm/yarn `file:`, pnpm `link:`, yarn
// berry `portal:`), in every dependency section.
const LOCAL_SPEC = /^(file|link|portal):/;
const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** The folders and tarballs that the package.json files name as local dependencies, relative to the context. */
function localDependencies(facts: Facts, manifests: readonly string[]): Outcome<string[]> {
  const out: string[] = [];
  for (const m of manifests) {
    const pkg = readJson(facts.project, m);
    for (const section of SECTIONS) {
      for (const spec of Object.values((pkg?.[section] ?? {}) as Record<string, unknown>)) {
        if (typeof spec !== 'string' || !LOCAL_SPEC.test(spec)) continue;
        const path = contextPath(facts.project, m, spec.replace(LOCAL_SPEC, ''));
        if (typeof path !== 'string') return path;
        out.push(path);
      }
    }
  }
  return out;
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const hasBuild = facts.runs.some((r) => r.role === 'build');
  const official = isOfficial(base, 'node') || base.repo === 'oven/bun';
  const system = facts.system;
  // What the original installed with the system package manager stays, less the build-only packages.
  // python3 installed next to a compiler serves node-gyp (DESIGN §4): build-only, unless the app starts python.
  const gyp = system.buildOnly && !facts.entry.words.some((w) => /(^|\/)python3?(\.\d+)?$/.test(w));
  const kept = gyp ? system.packages.filter((p) => !NODE_GYP_PYTHON.has(p)) : system.packages;
  const runtimePackages = [...new Set([...kept, ...(isFullImage(base) || !official ? toolsNeeded(facts.entry) : [])])];
  // `CMD ["node", "server.js"]` runs on an image whose ENTRYPOINT is node (distroless) as `CMD ["server.js"]`.
  const start = interpreterArgs(facts.entry, /^(\/usr\/local\/bin\/|\/usr\/bin\/)?node$/);
  // Node from the distro's packages (or a tarball, or NodeSource): the same OS without the build packages.
  const choice = official
    ? runtimeBase(base, 'node', options.runtimeBase, { shell: true, interpreter: start !== null, packages: runtimePackages.length > 0 })
    : distroBase(base, options.runtimeBase, { shell: true, packages: true });
  if ('skip' in choice) return choice;
  if (!official && !facts.runs.some((r) => r.commands.some((c) => c.role === 'build' || c.role === 'dep-install')) && !facts.system.buildOnly) return { skip: 'nothing is built and no build-only package is installed: the image already is the runtime', nothing: true };
  if (official && !hasBuild && !isFullImage(base)) return { skip: 'already on a small Node image and nothing is built', nothing: true };
  if (system.unknownDev.length) return { skip: unreadPackages(system.unknownDev) };
  const builderAfter: Insertion[] = [];
  const share = appHandover(facts, appOutputs(facts));
  const prune = pruneLine(facts);
  const last = [...facts.runs].reverse().find((r) => r.role === 'build' || r.role === 'dep-install');
  if (prune && last) builderAfter.push({ at: last.ins, lines: [prune], reason: msg('split-prune') });
  return {
    runtime: choice,
    policyNote: choice.note,
    why: !official
      ? `no smaller Node image is known for ${base.raw}: ${choice.image === base.raw ? 'the same image' : 'the same OS release'} without the build packages, with the app and its production dependencies`
      : hasBuild
        ? 'it gets the built app and production dependencies only'
        : 'the app runs without the build toolchain',
    builderBefore: [],
    builderAfter,
    handover: share.paths,
    keptOut: share.keptOut,
    handoverFiles: share.files,
    ...(share.whole ? { wholeFolder: share.whole } : {}),
    runtimeEnv: [],
    runtimePackages: choice.distro === 'distroless' ? [] : runtimePackages,
    ...(choice.distro === 'distroless' && start ? { startCommand: interpreterStart(start, choice.image, 'node') } : {}),
  };
}

/** `npm prune --omit=dev` when package.json has devDependencies that the start command does not use. */
function pruneLine(facts: Facts): string | null {
  const pkg = readJson(facts.project, 'package.json');
  const dev = Object.keys((pkg?.devDependencies ?? {}) as Record<string, string>);
  if (!pkg || dev.length === 0) return null;
  const scripts = (pkg.scripts ?? {}) as Record<string, string>;
  const entry = facts.entry.text;
  const start = [entry, ...Object.entries(scripts).filter(([k]) => entry.includes(k)).map(([, v]) => v)].join(' ');
  if (dev.some((d) => new RegExp(`(^|[\\s/"'])${d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([\\s/"']|$)`).test(start))) return null;
  if (/\b(nodemon|ts-node|tsx)\b/.test(start)) return null;
  switch (facts.packageManager) {
    case 'npm': {
      const major = parseInt(facts.base.tag ?? '', 10);
      return Number.isInteger(major) && major < 16 ? 'RUN npm prune --production' : 'RUN npm prune --omit=dev';
    }
    case 'pnpm':
      return 'RUN pnpm prune --prod';
    case 'yarn': {
      const lock = facts.project.read('yarn.lock') ?? '';
      return lock.includes('yarn lockfile v1') ? 'RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline' : null;
    }
    default:
      return null;
  }
}

const sub = (c: Command): string | undefined => positional(c.args)[0];
const hasArg = (c: Command, ...names: string[]): boolean => c.args.some((a) => names.some((n) => a === n || a.startsWith(n + '=')));
const cleans = (c: Command, tool: string, ...subs: string[]): boolean => c.base === tool && sub(c) === 'cache' && subs.includes(positional(c.args)[1] ?? '');

const CACHES: readonly CacheTool[] = [
  {
    name: 'npm',
    uses: (c) => c.base === 'npm' && ['ci', 'install', 'i', 'add', 'update', 'install-clean'].includes(sub(c) ?? ''),
    targets: [{ path: '/root/.npm' }],
    defeats: (c) => (cleans(c, 'npm', 'clean', 'rm') ? '`npm cache clean` empties it' : hasArg(c, '--cache') ? 'it sets its own --cache' : null),
    env: /^npm_config_cache$/i,
  },
  {
    name: 'yarn',
    uses: (c) => c.base === 'yarn' && (sub(c) === undefined || sub(c) === 'install' || sub(c) === 'add'),
    targets: [{ path: '/usr/local/share/.cache/yarn' }],
    defeats: (c) => (cleans(c, 'yarn', 'clean') ? '`yarn cache clean` empties it' : hasArg(c, '--cache-folder') ? 'it sets its own --cache-folder' : null),
    env: /^YARN_CACHE_FOLDER$/,
    unsure: (f) => (f.project.exists('.yarnrc.yml') ? 'Yarn 2+ (.yarnrc.yml) keeps its cache in the project' : null),
  },
  {
    name: 'pnpm',
    uses: (c) => c.base === 'pnpm' && ['install', 'i', 'add', 'fetch'].includes(sub(c) ?? ''),
    targets: [{ path: '/root/.local/share/pnpm/store' }],
    defeats: (c) =>
      c.base === 'pnpm' && sub(c) === 'store' && positional(c.args)[1] === 'prune' ? '`pnpm store prune` empties it' : hasArg(c, '--store-dir') ? 'it sets its own --store-dir' : null,
    env: /^(npm_config_store_dir|PNPM_HOME)$/i,
  },
];

/** node images carry `node`, the Bun images `bun`. */
const imageUser = (ref: ImageRef): string | null => (isOfficial(ref, 'node') ? 'node' : ref.repo === 'oven/bun' ? 'bun' : null);

/** What of the dependencies is native or built for one platform, from package-lock.json, or null. */
function platformBound(lock: string): string | null {
  let parsed: { packages?: Record<string, { hasInstallScript?: boolean; cpu?: unknown; os?: unknown }> };
  try {
    parsed = JSON.parse(lock) as typeof parsed;
  } catch {
    return 'package-lock.json does not parse';
  }
  if (!parsed.packages) return 'package-lock.json is older than lockfile version 2 and does not say which packages are native';
  for (const [path, p] of Object.entries(parsed.packages)) {
    const name = path.replace(/^.*node_modules\//, '');
    if (p.hasInstallScript && path) return `${name} runs an install script (it may compile native code or fetch a binary)`;
    if ((p.cpu || p.os) && path) return `${name} is built for one platform (its package.json names cpu or os)`;
  }
  return null;
}

/**
 * `--cross-platform`: JavaScript is the same on every platform, but native addons and prebuilt binaries
 * (esbuild, sharp) are fetched or compiled for the machine that installs them: refused when there may be one.
 */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const native = nativeCompilers(facts);
  if (native) return { skip: `native modules are compiled (${native} installed): they would be built for the build machine` };
  if (!facts.project.known) return { skip: 'without the build context it cannot be told whether a dependency is native' };
  if (facts.project.exists('binding.gyp')) return { skip: 'the app builds a native addon (binding.gyp)' };
  const manifest = facts.project.read('package.json');
  if (manifest === undefined) return { skip: 'no package.json in the build context to tell whether a dependency is native' };
  let pkg: { dependencies?: object; devDependencies?: object; optionalDependencies?: object } = {};
  try {
    pkg = JSON.parse(manifest) as typeof pkg;
  } catch {
    return { skip: 'package.json does not parse' };
  }
  const ok = { inserts: [], args: [], how: 'the install and build make JavaScript only, the same on every platform' };
  if (Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies }).length === 0) return ok;
  const lock = facts.project.read('package-lock.json') ?? facts.project.read('npm-shrinkwrap.json');
  if (lock === undefined) return { skip: 'no package-lock.json to tell whether a dependency is native or built for one platform' };
  const bound = platformBound(lock);
  return bound ? { skip: bound } : ok;
}

/** The names `classify` answers for: the package managers, their runners, the build tools and node itself. */
const COMMANDS = new RegExp(`^(${[...MANAGERS, ...BUILD_TOOLS, 'bunx', 'npx', 'corepack', 'node'].map((n) => n.replace(/[.+-]/g, '\\$&')).join('|')})$`);

export const node: Ecosystem = {
  id: 'node',
  classify,
  commands: COMMANDS,
  detect,
  manifests,
  plan,
  caches: CACHES,
  crossBuild,
  installDirs: () => ['**/node_modules'],
  buildEnv: /^(NPM_CONFIG_\w+|npm_config_\w+|YARN_\w+)$/,
  buildPackages: ['node-gyp'],
  toolPackages: [...TOOL_PACKAGES],
  startsTools,
  part: (facts) => (facts.ecosystem && facts.ecosystem.id !== 'node' && facts.ecosystem.id !== 'static' && !facts.ecosystem.needsTools?.(facts).includes('node') && !startsTools(facts) ? nodePart(facts, { toolPackages: TOOL_PACKAGES, outputOf: buildOutputs }) : null),
  imageUser,
};

/** The top folders a build command writes (one level into package.json scripts), or null when it cannot be told. */
function buildOutputs(facts: Facts, words: readonly string[]): string[] | null {
  const commands = buildCommands(facts, words);
  if ('unknown' in commands) return null;
  const out: string[] = [];
  for (const w of commands) {
    const o = toolOutput(facts, w);
    if ('unknown' in o) return null;
    if (o.out) out.push(o.out);
  }
  return out;
}

/** Node's programs, and the Node static servers, as a start command or HEALTHCHECK names them. */
const NODE_PROGRAMS = /^(node|nodejs|npm|npx|yarn|yarnpkg|pnpm|pnpx|bun|bunx|corepack|serve|http-server|pm2|pm2-runtime|nodemon|ts-node|tsx|next|nuxt)$/;

/**
 * Does the image run Node at start (or in its HEALTHCHECK)? Scripts the start command runs are read: one that
 * names Node's programs, or that cannot be read, counts as running Node.
 */
function startsTools(facts: Facts): boolean {
  // No start command of its own (the base image's, a shell): the image is a toolbox, and Node may be what it is for.
  if (!facts.entry.instructions.length || /^(ba|da|z)?sh$/.test((facts.entry.simple?.[0] ?? '').replace(/^.*\//, '')) && (facts.entry.simple?.length ?? 0) === 1) return true;
  const words = [...facts.entry.words, ...facts.entry.healthcheck.split(/\s+/)].map((w) => w.replace(/^["']|["']$/g, ''));
  if (words.some((w) => NODE_PROGRAMS.test(w.replace(/^.*\//, '')))) return true;
  for (const w of words) {
    if (!/\.(sh|bash)$|entrypoint|^\.\/|^\/(app|usr\/src|srv|opt|home)\//.test(w) || /\.(py|rb|php|jar|dll|js|mjs|cjs)$/.test(w)) continue;
    const rel = w.replace(/^\.\//, '');
    const text = facts.project.read(rel) ?? facts.project.read(rel.replace(/^.*\//, ''));
    if (text === undefined ? /\.(sh|bash)$|entrypoint/.test(w) : /(^|[\s;&|(`"'])(node|npm|npx|yarn|pnpm|bun)\b/m.test(text)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// What the install and the build leave in the app folder, for the runtime's share of it (handover.ts).

/** A build tool's output folder and the sources it compiles, or why it cannot be told. */
type ToolOutput = { readonly out: string | null; readonly from: string | null } | { readonly unknown: string };

const TS_SOURCE = /\.(ts|tsx|mts|cts)$/;

/** Options of a command line: `--outDir dist`, `--outDir=dist`, `-d lib`. */
const optionOf = (args: readonly string[], names: readonly string[]): string | undefined => {
  for (let k = 0; k < args.length; k++) {
    for (const n of names) {
      if (args[k] === n) return args[k + 1];
      if (args[k].startsWith(n + '=')) return args[k].slice(n.length + 1);
    }
  }
  return undefined;
};

const topOf = (path: string): string => path.replace(/^\.\//, '').split('/')[0];

/** tsc: its outDir (argument, else tsconfig), and the folder its sources live in (rootDir, else `include`). */
function tscOutput(facts: Facts, args: readonly string[]): ToolOutput {
  if (args.includes('--noEmit')) return { out: null, from: null };
  const configPath = optionOf(args, ['-p', '--project']) ?? 'tsconfig.json';
  const config = readJson(facts.project, configPath.endsWith('.json') ? configPath : `${configPath}/tsconfig.json`);
  const options = (config?.compilerOptions ?? {}) as Record<string, unknown>;
  if (options.noEmit === true && !optionOf(args, ['--outDir'])) return { out: null, from: null };
  const out = optionOf(args, ['--outDir', '--outFile']) ?? (typeof options.outDir === 'string' ? options.outDir : undefined);
  if (!out) return { unknown: config?.extends ? 'tsc takes its outDir from another tsconfig (`extends`)' : 'tsc writes its output next to its sources' };
  const include = Array.isArray(config?.include) ? (config.include as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  const root = optionOf(args, ['--rootDir']) ?? (typeof options.rootDir === 'string' ? options.rootDir : include.length ? include[0] : null);
  return { out: topOf(out), from: root ? topOf(root) : null };
}

/** The output of one command of a build script, as far as the tool is known. */
function toolOutput(facts: Facts, words: readonly string[]): ToolOutput {
  let [tool, ...args] = words;
  if (tool === 'npx' || tool === 'bunx') [tool, ...args] = args.filter((a, k) => k > 0 || !a.startsWith('-'));
  const base = (tool ?? '').replace(/^.*\//, '');
  const config = (names: string): boolean => facts.project.list('').some((n) => new RegExp(`^${names}\\.config\\.\\w+$`).test(n));
  const read = (names: string): string => facts.project.list('').filter((n) => new RegExp(`^${names}\\.config\\.\\w+$`).test(n)).map((n) => facts.project.read(n) ?? '').join('\n');
  switch (base) {
    case 'tsc':
      return tscOutput(facts, args);
    case 'vite':
      if (args[0] !== 'build') return { out: null, from: null };
      if (/outDir/.test(read('vite'))) return { unknown: 'the vite config sets its own outDir' };
      return { out: topOf(optionOf(args, ['--outDir']) ?? 'dist'), from: 'src' };
    case 'react-scripts':
      return args[0] === 'build' ? { out: 'build', from: 'src' } : { unknown: `\`react-scripts ${args[0] ?? ''}\`` };
    case 'next':
      return args[0] === 'build' ? { out: '.next', from: null } : { unknown: `\`next ${args[0] ?? ''}\`` };
    case 'nest':
      return args[0] === 'build' && !/outDir/.test(facts.project.read('nest-cli.json') ?? '') ? { out: 'dist', from: 'src' } : { unknown: 'the Nest CLI config sets its own output' };
    case 'ng':
    case 'parcel':
    case 'tsup':
      return /outDir|out-dir|distDir/.test(args.join(' ')) ? { unknown: `\`${base}\` is given its own output folder` } : { out: 'dist', from: 'src' };
    case 'esbuild': {
      const out = optionOf(args, ['--outdir', '--outfile']);
      return out ? { out: topOf(out), from: null } : { unknown: 'esbuild writes to its standard output' };
    }
    case 'babel': {
      const out = optionOf(args, ['-d', '--out-dir', '-o', '--out-file']);
      const from = args.find((a) => !a.startsWith('-') && a !== out);
      return out ? { out: topOf(out), from: from ? topOf(from) : null } : { unknown: 'babel writes to its standard output' };
    }
    case 'webpack':
      return /\bpath\s*:/.test(read('webpack')) ? { unknown: 'the webpack config sets its own output path' } : { out: 'dist', from: 'src' };
    default:
      return { unknown: `cannot tell what \`${words.join(' ').slice(0, 50)}\` writes` };
  }
}

/** The commands a build command runs: an npm/yarn/pnpm/bun script is followed one level into package.json. */
function buildCommands(facts: Facts, words: readonly string[]): readonly (readonly string[])[] | { unknown: string } {
  const [tool, ...args] = words;
  if (!MANAGERS.has(tool.replace(/^.*\//, ''))) return [words];
  const positional = args.filter((a) => !a.startsWith('-'));
  const name = positional[0] === 'run' || positional[0] === 'run-script' ? positional[1] : positional[0];
  const scripts = (readJson(facts.project, 'package.json')?.scripts ?? {}) as Record<string, unknown>;
  const script = name ? scripts[name] : undefined;
  if (typeof script !== 'string') return { unknown: `no \`${name ?? ''}\` script in package.json` };
  const split = splitShell(script);
  if (split.opaque) return { unknown: `cannot follow the \`${name}\` script` };
  const out: string[][] = [];
  for (const c of split.commands) {
    const inner = [c.name, ...c.args];
    if (MANAGERS.has(c.base) && /^(run|run-script)$/.test(c.args[0] ?? '')) {
      const deeper = buildCommands(facts, inner);
      if ('unknown' in deeper) return deeper;
      out.push(...deeper.map((w) => [...w]));
    } else if (!/^(rm|rimraf|mkdir|cp|echo|cross-env|npm-run-all|true)$/.test(c.base)) out.push(inner);
  }
  return out;
}

/** Does every file under `dir` (a context folder) look like a TypeScript source? (up to 2,000 entries) */
function onlyTypeScript(facts: Facts, dir: string): boolean {
  let seen = 0;
  const walk = (d: string): boolean => {
    for (const name of facts.project.list(d)) {
      if (++seen > 2000) return false;
      const path = `${d}/${name}`;
      if (name.endsWith('/')) {
        if (!walk(path.slice(0, -1))) return false;
      } else if (!TS_SOURCE.test(name) && name !== 'tsconfig.json') return false;
    }
    return true;
  };
  return facts.project.list(dir).length > 0 && walk(dir);
}

/** node_modules (after an install) and the build's outputs, with the sources the build compiles. */
function appOutputs(facts: Facts): AppOutputs {
  const installCommands = facts.runs.flatMap((r) => r.commands).filter((c) => c.role === 'dep-install' && c.owner?.id === 'node');
  const installs = installCommands.length > 0;
  // An install makes node_modules only when there is something to install (npm writes nothing for none).
  const pkg = readJson(facts.project, 'package.json') ?? {};
  const declared = ['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => Object.keys((pkg[k] ?? {}) as object).length > 0) || pkg.workspaces !== undefined;
  const named = installCommands.some((c) => positional(c.command.args).length > 1);
  const written = installs && (declared || named) ? ['node_modules/'] : [];
  if (installs) {
    // The package's own install scripts run too: node-gyp builds a binding.gyp into build/; other hooks may
    // write anything.
    const scripts = (readJson(facts.project, 'package.json')?.scripts ?? {}) as Record<string, unknown>;
    const hooks = ['preinstall', 'install', 'postinstall', 'prepare'].filter((h) => typeof scripts[h] === 'string');
    if (hooks.some((h) => !/^node-gyp (re)?build$/.test(String(scripts[h]).trim()))) return { written, compiled: [], unknown: `the package.json \`${hooks[0]}\` script may write files this tool does not follow` };
    if (facts.project.exists('binding.gyp')) written.push('build/');
  }
  const compiled: KeptOut[] = [];
  const start = [...facts.entry.words, ...startScript(facts)];
  const needed = start.filter((w) => !w.startsWith('-') && /^[\w.@-]+\//.test(w.replace(/^\.\//, ''))).map((w) => `${topOf(w)}/`);
  for (const c of facts.runs.flatMap((r) => r.commands).filter((k) => k.role === 'build' && k.owner?.id === 'node')) {
    const commands = buildCommands(facts, [c.command.name, ...c.command.args]);
    if ('unknown' in commands) return { written, compiled, unknown: commands.unknown };
    for (const words of commands) {
      const o = toolOutput(facts, words);
      if ('unknown' in o) return { written, compiled, unknown: o.unknown };
      if (o.out) written.push(`${o.out}/`);
      const from = o.from;
      if (!from || from === o.out || !facts.project.exists(from)) continue;
      // Sources compiled into the output stay behind, unless the start command runs them or they hold files the
      // compiler does not take (templates and assets the app may read at run time).
      const tsOnly = onlyTypeScript(facts, from);
      if (needed.includes(`${from}/`)) continue;
      if (words[0].replace(/^.*\//, '') === 'tsc' && !tsOnly) continue;
      compiled.push({ entry: `${from}/`, why: `compiled by ${words[0].replace(/^.*\//, '')} into ${o.out}/` });
    }
  }
  // A start command that compiles at run time (ts-node, tsx) needs the sources and their config.
  if (start.some((w) => /(^|\/)(ts-node|ts-node-dev|tsx|nodemon|babel-node)$/.test(w))) return { written, compiled: [], needed: [...needed, 'tsconfig.json'] };
  return { written: [...new Set(written)], compiled, needed };
}

/** The words of the package.json script the start command runs (`npm start` → `node dist/main.js`), if any. */
function startScript(facts: Facts): string[] {
  const [tool, ...args] = facts.entry.words;
  if (!tool || !MANAGERS.has(tool.replace(/^.*\//, ''))) return [];
  const positional = args.filter((a) => !a.startsWith('-'));
  const name = positional[0] === 'run' || positional[0] === 'run-script' ? positional[1] : positional[0];
  const script = ((readJson(facts.project, 'package.json')?.scripts ?? {}) as Record<string, unknown>)[name ?? ''];
  return typeof script === 'string' ? splitShell(script).commands.flatMap((c) => [c.name, ...c.args]) : [];
}
