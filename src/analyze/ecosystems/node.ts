// Node: npm, yarn (classic and berry), pnpm, bun. Manifests: package.json + the lockfile that exists
// (+ .npmrc, yarn berry's .yarnrc.yml and .yarn/releases, every workspace member's package.json).
// Runtime: node:<same>-slim (alpine stays alpine), oven/bun:<same>-slim; the app folder is handed over after
// dev dependencies are pruned in the builder.
import { msg } from '../../messages.ts';
import { isVersionQuery, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, Ecosystem, Facts, Insertion, Outcome, SplitPlan } from '../contract.ts';
import { isFullImage, isOfficial, type ImageRef } from '../images.ts';
import { toolsNeeded } from '../packages.ts';
import { contextPath, expandFolders } from '../local-refs.ts';
import { readJson } from '../project.ts';
import { distroBase, runtimeBase } from '../runtime-base.ts';

const BUILD_TOOLS = new Set(['tsc', 'webpack', 'vite', 'next', 'ng', 'gulp', 'grunt', 'rollup', 'esbuild', 'parcel', 'nest', 'babel', 'node-gyp']);
const TEST_SCRIPTS = /^(test|lint|check|typecheck|format|e2e)(:|$)/;
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
      return { command: cmd, role: 'dep-install', readsSources: rest.some((r) => r.startsWith('.') || r.startsWith('/')) };
    }
    if (sub === 'run' || sub === 'run-script') return { command: cmd, role: TEST_SCRIPTS.test(rest[0] ?? '') ? 'test' : 'build' };
    if (sub === 'test' || sub === 't') return { command: cmd, role: 'test' };
    if (['prune', 'cache', 'config', 'audit', 'set', 'version', 'dedupe', 'ls', 'outdated'].includes(sub ?? '')) return { command: cmd, role: 'neutral' };
    if (sub === 'rebuild' || sub === 'exec') return { command: cmd, role: 'build' };
    return null;
  }
  if (name === 'yarn') {
    if (sub === undefined || sub === 'install') return { command: cmd, role: 'dep-install' };
    if (sub === 'global') return { command: cmd, role: 'system-config', note: 'global install' };
    if (sub === 'add') return { command: cmd, role: 'dep-install' };
    if (sub === 'cache' || sub === 'config' || sub === 'autoclean') return { command: cmd, role: 'neutral' };
    if (sub === 'test' || (sub === 'run' && TEST_SCRIPTS.test(rest[0] ?? '')) || TEST_SCRIPTS.test(sub)) return { command: cmd, role: 'test' };
    return { command: cmd, role: 'build' };
  }
  if (name === 'pnpm') {
    if (sub === 'install' || sub === 'i' || sub === 'add') return { command: cmd, role: global ? 'system-config' : 'dep-install' };
    if (sub === 'fetch') return { command: cmd, role: 'dep-install' };
    if (sub === 'prune' || sub === 'store' || sub === 'config') return { command: cmd, role: 'neutral' };
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
  // Node from the distro's packages (or a tarball, or NodeSource): the same OS without the build packages.
  const choice = official ? runtimeBase(base, 'node', options.runtimeBase, { shell: true }) : distroBase(base, options.runtimeBase, { shell: true, packages: true });
  if ('skip' in choice) return choice;
  if (!official && !facts.runs.some((r) => r.commands.some((c) => c.role === 'build' || c.role === 'dep-install')) && !facts.system.buildOnly) return { skip: 'nothing is built and no build-only package is installed: the image already is the runtime', nothing: true };
  if (official && !hasBuild && !isFullImage(base)) return { skip: 'already on a small Node image and nothing is built', nothing: true };
  const system = facts.system;
  if (system.unknownDev.length) return { skip: `no known runtime library for ${system.unknownDev.join(', ')}` };
  const builderAfter: Insertion[] = [];
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
    handover: facts.appDir ? [facts.appDir] : [],
    runtimeEnv: [],
    // What the original installed with the system package manager stays, less the build-only packages.
    runtimePackages: [...new Set([...system.packages, ...(isFullImage(base) || !official ? toolsNeeded(facts.entry) : [])])],
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

export const node: Ecosystem = {
  id: 'node',
  classify,
  detect,
  manifests,
  plan,
  caches: CACHES,
  installDirs: () => ['**/node_modules'],
  buildEnv: /^(NPM_CONFIG_\w+|npm_config_\w+|YARN_\w+)$/,
  buildPackages: ['node-gyp'],
  imageUser,
};
