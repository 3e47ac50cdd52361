// Node: npm, yarn (classic and berry), pnpm, bun. Manifests: package.json + the lockfile that exists
// (+ .npmrc, yarn berry's .yarnrc.yml and .yarn/releases, every workspace member's package.json).
// Runtime: node:<same>-slim (alpine stays alpine), oven/bun:<same>-slim; the app folder is handed over after
// dev dependencies are pruned in the builder.
import { positional, type Command } from '../../model/shell.ts';
import { msg } from '../../messages.ts';
import type { Ecosystem, Lines, SplitPlan } from '../ecosystem.ts';
import type { Facts } from '../index.ts';
import { distroOf, isFullImage, isOfficial, slimCounterpart, withTag } from '../images.ts';
import { runtimePackages, toolsNeeded } from '../packages.ts';
import { readJson } from '../project.ts';
import type { CommandFacts, RunFacts } from '../roles.ts';

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

function classify(cmd: Command): CommandFacts | null {
  const name = cmd.base;
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

function detect(facts: Pick<Facts, 'runs' | 'base'>): string | null {
  for (const run of facts.runs) {
    for (const c of run.commands) {
      const n = c.command.base;
      if (c.role === 'dep-install' && (n === 'npm' || n === 'yarn' || n === 'pnpm' || n === 'bun')) return n;
    }
  }
  if (facts.base.repo === 'oven/bun') return 'bun';
  return isOfficial(facts.base, 'node') ? 'npm' : null;
}

function manifests(facts: Facts, run: RunFacts): readonly string[] | { skip: string } {
  if (run.commands.some((c) => c.readsSources)) return { skip: 'the install reads local sources' };
  const pm = facts.packageManager ?? 'npm';
  const pkg = readJson(facts.project, 'package.json');
  if (facts.project.known) {
    if (!pkg) return { skip: 'no package.json in the build context' };
    const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
    const hook = ['preinstall', 'install', 'postinstall', 'prepare'].find((s) => s in scripts);
    if (hook) return { skip: `package.json has a \`${hook}\` script that may need the sources` };
    const members = workspaceManifests(facts, pkg);
    if ('skip' in members) return members;
    const berry = pm === 'yarn' && facts.project.exists('.yarnrc.yml') ? BERRY : [];
    const files = ['package.json', ...(LOCKFILES[pm] ?? []), '.npmrc', ...berry].filter((f) => facts.project.exists(f.replace(/\/$/, '')));
    return [...files, ...members];
  }
  return pm === 'npm' ? ['package*.json'] : ['package.json', ...(LOCKFILES[pm] ?? []).slice(0, 1)];
}

/** package.json of every workspace member (npm/yarn `workspaces`, pnpm-workspace.yaml `packages`). */
function workspaceManifests(facts: Facts, pkg: Record<string, unknown>): string[] | { skip: string } {
  const ws = pkg.workspaces as unknown;
  let patterns: unknown = Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages;
  const pnpm = facts.project.read('pnpm-workspace.yaml');
  if (pnpm !== undefined) patterns = [...pnpm.matchAll(/^\s*-\s*['"]?([^'"\s#]+)['"]?/gm)].map((m) => m[1]);
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string')) return { skip: 'workspaces that this tool cannot read' };
  const out: string[] = [];
  for (const raw of patterns as string[]) {
    if (raw.startsWith('!')) continue;
    const p = raw.replace(/^\.\//, '').replace(/\/$/, '');
    if (p.includes('**') || /[*?[{]/.test(p.replace(/\/\*$/, ''))) return { skip: `workspace pattern \`${raw}\` is not expanded by this tool` };
    const dirs = p.endsWith('/*') ? facts.project.list(p.slice(0, -2)).filter((n) => n.endsWith('/')).map((n) => `${p.slice(0, -2)}/${n.slice(0, -1)}`) : [p];
    for (const d of dirs) if (facts.project.exists(`${d}/package.json`)) out.push(`${d}/package.json`);
  }
  return out.sort();
}

function plan(facts: Facts): SplitPlan | { skip: string; nothing?: boolean } {
  const base = facts.base;
  const hasBuild = facts.runs.some((r) => r.role === 'build');
  const bun = base.repo === 'oven/bun';
  const runtimeImage = bun ? bunSlim(base) : slimCounterpart(base, 'node') ?? (isOfficial(base, 'node') && !base.dynamic ? base.raw.replace(/@.*$/, '') : null);
  if (!runtimeImage) return { skip: `no smaller ${bun ? 'Bun' : 'Node'} image known for \`${base.raw}\`` };
  if (!hasBuild && !isFullImage(base)) return { skip: 'already on a small Node image and nothing is built', nothing: true };
  const system = runtimePackages(facts.runs.flatMap((r) => r.packages));
  if (system.unknownDev.length) return { skip: `no known runtime library for ${system.unknownDev.join(', ')}` };
  const builderAfter: Lines[] = [];
  const prune = pruneLine(facts);
  const last = [...facts.runs].reverse().find((r) => r.role === 'build' || r.role === 'dep-install');
  if (prune && last) builderAfter.push({ at: last.ins, lines: [prune], reason: msg('split-prune') });
  return {
    runtime: { image: runtimeImage, distro: bun && !/alpine/.test(base.tag ?? '') ? 'debian' : distroOf(base), user: bun ? 'bun' : 'node', shell: true },
    why: hasBuild ? 'it gets the built app and production dependencies only' : 'the app runs without the build toolchain',
    builderBefore: [],
    builderAfter,
    handover: facts.appDir ? [facts.appDir] : [],
    runtimeEnv: [],
    // What the original installed with the system package manager stays, less the build-only packages.
    runtimePackages: [...new Set([...system.packages, ...(isFullImage(base) ? toolsNeeded(facts) : [])])],
  };
}

/** oven/bun:1 → oven/bun:1-slim (Debian, the `bun` user); slim/alpine/distroless tags are already small. */
function bunSlim(ref: Facts['base']): string | null {
  if (ref.dynamic || (ref.digest && !ref.tag)) return null;
  const tag = ref.tag ?? 'latest';
  if (/slim|alpine|distroless/.test(tag)) return withTag(ref, tag);
  return withTag(ref, tag === 'latest' ? 'slim' : `${tag.replace(/-debian$/, '')}-slim`);
}

/** `npm prune --omit=dev` when package.json has devDependencies that the start command does not use. */
function pruneLine(facts: Facts): string | null {
  const pkg = readJson(facts.project, 'package.json');
  const dev = Object.keys((pkg?.devDependencies ?? {}) as Record<string, string>);
  if (!pkg || dev.length === 0) return null;
  const scripts = (pkg.scripts ?? {}) as Record<string, string>;
  const entry = facts.stage.instructions
    .filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
    .map((i) => (i.json ? i.json.join(' ') : i.args))
    .join(' ');
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

export const node: Ecosystem = { id: 'node', classify, detect, manifests, plan };
