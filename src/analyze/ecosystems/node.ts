// Node: npm, yarn (classic), pnpm. Manifests: package.json + the lockfile that exists (+ .npmrc).
// Runtime: node:<same>-slim (alpine stays alpine); the app folder is handed over after dev dependencies are
// pruned in the builder.
import { positional, type Command } from '../../model/shell.ts';
import { msg } from '../../messages.ts';
import type { Ecosystem, Lines, SplitPlan } from '../ecosystem.ts';
import type { Facts } from '../index.ts';
import { distroOf, isFullImage, isOfficial, slimCounterpart } from '../images.ts';
import { toolsNeeded } from '../packages.ts';
import { readJson } from '../project.ts';
import type { CommandFacts, RunFacts } from '../roles.ts';

const BUILD_TOOLS = new Set(['tsc', 'webpack', 'vite', 'next', 'ng', 'gulp', 'grunt', 'rollup', 'esbuild', 'parcel', 'nest', 'babel', 'node-gyp']);
const TEST_SCRIPTS = /^(test|lint|check|typecheck|format|e2e)(:|$)/;
const LOCKFILES: Readonly<Record<string, readonly string[]>> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
};

function classify(cmd: Command): CommandFacts | null {
  const name = cmd.name.replace(/^.*\//, '');
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
  if (name === 'corepack') return { command: cmd, role: 'system-config' };
  if (name === 'npx' || BUILD_TOOLS.has(name)) return { command: cmd, role: 'build' };
  if (name === 'node' && rest.length >= 0 && sub && !sub.startsWith('-')) return { command: cmd, role: 'build' };
  return null;
}

function detect(facts: Pick<Facts, 'runs' | 'base'>): string | null {
  for (const run of facts.runs) {
    for (const c of run.commands) {
      const n = c.command.name.replace(/^.*\//, '');
      if (c.role === 'dep-install' && (n === 'npm' || n === 'yarn' || n === 'pnpm')) return n;
    }
  }
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
    if (pkg.workspaces) return { skip: 'npm/yarn workspaces: member manifests are not copied yet' };
    const files = ['package.json', ...(LOCKFILES[pm] ?? []), '.npmrc'].filter((f) => facts.project.exists(f));
    return files;
  }
  return pm === 'npm' ? ['package*.json'] : ['package.json', ...(LOCKFILES[pm] ?? []).slice(0, 1)];
}

function plan(facts: Facts): SplitPlan | { skip: string; nothing?: boolean } {
  const base = facts.base;
  const hasBuild = facts.runs.some((r) => r.role === 'build');
  const runtimeImage = slimCounterpart(base, 'node') ?? (isOfficial(base, 'node') && !base.dynamic ? base.raw.replace(/@.*$/, '') : null);
  if (!runtimeImage) return { skip: `no smaller Node image known for \`${base.raw}\`` };
  if (!hasBuild && !isFullImage(base)) return { skip: 'already on a small Node image and nothing is built', nothing: true };
  const builderAfter: Lines[] = [];
  const prune = pruneLine(facts);
  const last = [...facts.runs].reverse().find((r) => r.role === 'build' || r.role === 'dep-install');
  if (prune && last) builderAfter.push({ at: last.ins, lines: [prune], reason: msg('split-prune') });
  return {
    runtime: { image: runtimeImage, distro: distroOf(base), user: 'node', shell: true },
    why: hasBuild ? 'it gets the built app and production dependencies only' : 'the app runs without the build toolchain',
    builderBefore: [],
    builderAfter,
    handover: facts.appDir ? [facts.appDir] : [],
    runtimeEnv: [],
    runtimePackages: isFullImage(base) ? toolsNeeded(facts) : [],
    buildOnlyEnv: ['NPM_CONFIG_LOGLEVEL', 'NPM_CONFIG_PRODUCTION', 'YARN_CACHE_FOLDER', 'npm_config_cache'],
  };
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
