// Python with pip and requirements files. The builder installs into a virtualenv at one absolute path, which
// the runtime (python:<same>-slim) receives whole, with the app folder; PATH points at the venv in both.
import { positional, type Command } from '../../model/shell.ts';
import { msg } from '../../messages.ts';
import type { Ecosystem, SplitPlan } from '../ecosystem.ts';
import type { Facts } from '../index.ts';
import { distroOf, isFullImage, isOfficial, slimCounterpart } from '../images.ts';
import { isBuildOnly, isDevPackage, runtimePackages, toolsNeeded } from '../packages.ts';
import { resolvePath, type CommandFacts, type RunFacts } from '../roles.ts';

export const VENV = '/opt/venv';
const PIP_VALUE_OPTS = ['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '-t', '--target', '--prefix', '--root', '--src', '--timeout', '--retries', '--progress-bar', '--cache-dir', '--platform', '--python-version'];
const UNSUPPORTED_PIP = ['--user', '-t', '--target', '--prefix', '--root', '--system'];
// pip packages built from source against system libraries the full image has and the slim one lacks.
const PIP_NATIVE: Readonly<Record<string, string>> = {
  psycopg2: 'libpq5',
  mysqlclient: 'libmariadb3',
  'python-ldap': 'libldap-2.5-0 libsasl2-2',
  pycurl: 'libcurl4',
  'mysql-python': 'libmariadb3',
};

function pipArgs(cmd: Command): readonly string[] | null {
  const name = cmd.name.replace(/^.*\//, '');
  if (/^pip[\d.]*$/.test(name)) return cmd.args;
  if (/^python[\d.]*$/.test(name) && cmd.args[0] === '-m' && /^pip[\d.]*$/.test(cmd.args[1] ?? '')) return cmd.args.slice(2);
  return null;
}

function classify(cmd: Command, ctx: { workdir: string | null }): CommandFacts | null {
  const pip = pipArgs(cmd);
  const name = cmd.name.replace(/^.*\//, '');
  if (pip) {
    if (cmd.name.startsWith('/') && !cmd.name.startsWith(VENV)) return { command: cmd, role: 'unknown', note: 'pip called by absolute path' };
    const [sub, ...targets] = positional(pip, PIP_VALUE_OPTS);
    if (sub !== 'install') return { command: cmd, role: sub === 'uninstall' ? 'dep-install' : 'neutral' };
    if (UNSUPPORTED_PIP.some((o) => pip.includes(o) || pip.some((a) => a.startsWith(o + '=')))) {
      return { command: cmd, role: 'unknown', note: 'pip installs outside a virtualenv' };
    }
    const manifests: string[] = [];
    for (let k = 0; k < pip.length; k++) {
      if (['-r', '--requirement', '-c', '--constraint'].includes(pip[k]) && pip[k + 1]) manifests.push(pip[k + 1]);
      const eq = /^(?:--requirement|--constraint)=(.+)$/.exec(pip[k]) ?? /^-[rc](.+)$/.exec(pip[k]);
      if (eq) manifests.push(eq[1]);
    }
    const readsSources = targets.some((t) => t === '.' || t.startsWith('./') || t.startsWith('/') || t.startsWith('-e')) || pip.includes('-e');
    return { command: cmd, role: 'dep-install', manifests: manifests.map((m) => relTo(m, ctx.workdir)), readsSources };
  }
  if (/^python[\d.]*$/.test(name)) {
    const [script, sub] = positional(cmd.args, ['-m', '-c']);
    if (cmd.args[0] === '-m' && cmd.args[1] === 'venv') return { command: cmd, role: 'dep-install', output: cmd.args[cmd.args.length - 1] };
    if (cmd.args[0] === '-m' && cmd.args[1] === 'compileall') return { command: cmd, role: 'build' };
    if (script === 'setup.py') return { command: cmd, role: sub === 'install' || sub === 'develop' ? 'dep-install' : 'build', readsSources: true };
    if (script === 'manage.py' && (sub === 'collectstatic' || sub === 'compilemessages')) return { command: cmd, role: 'build' };
    return null;
  }
  if (name === 'virtualenv') return { command: cmd, role: 'dep-install', output: cmd.args[cmd.args.length - 1] };
  return null;
}

const relTo = (path: string, workdir: string | null): string => {
  const abs = resolvePath(path, workdir);
  if (!abs || !workdir) return path;
  return abs.startsWith(workdir + '/') ? abs.slice(workdir.length + 1) : path;
};

function detect(facts: Pick<Facts, 'runs' | 'base'>): string | null {
  for (const run of facts.runs) for (const c of run.commands) if (pipArgs(c.command)) return 'pip';
  return isOfficial(facts.base, 'python') ? 'pip' : null;
}

function manifests(facts: Facts, run: RunFacts): readonly string[] | { skip: string } {
  const installs = run.commands.filter((c) => c.role === 'dep-install');
  if (installs.some((c) => c.readsSources)) return { skip: 'the install reads the sources (`pip install .`, setup.py)' };
  const files = installs.flatMap((c) => c.manifests ?? []);
  for (const f of files) {
    if (facts.project.known && !facts.project.exists(f)) return { skip: `${f} is not in the build context` };
    const text = facts.project.read(f) ?? '';
    if (/^\s*(-e\s+\.|\.\s*$|-r\s|--requirement|-c\s)/m.test(text)) return { skip: `${f} refers to other files or the sources` };
  }
  return files;
}

function plan(facts: Facts): SplitPlan | { skip: string; nothing?: boolean } {
  const base = facts.base;
  const runtimeImage = slimCounterpart(base, 'python') ?? (isOfficial(base, 'python') && !base.dynamic ? base.raw.replace(/@.*$/, '') : null);
  if (!runtimeImage) return { skip: `no smaller Python image known for \`${base.raw}\`` };
  const pipRuns = facts.runs.filter((r) => r.commands.some((c) => c.role === 'dep-install' && /^(pip|python)[\d.]*$/.test(c.command.name.replace(/^.*\//, ''))));
  const venvCmd = facts.runs.flatMap((r) => r.commands).find((c) => c.output !== undefined);
  const venv = venvCmd ? resolvePath(venvCmd.output!, facts.workdirAt.get(facts.runs.find((r) => r.commands.includes(venvCmd))!.ins) ?? null) : VENV;
  if (!venv || (facts.appDir && venv.startsWith(facts.appDir + '/'))) {
    // A venv inside the app folder comes along with it; anything else we cannot locate.
    if (!venv) return { skip: 'cannot tell where the virtualenv is' };
  }
  const full = isFullImage(base);
  if (full && !facts.project.known) return { skip: 'full Python image without a build context: cannot tell which native libraries the packages need' };
  const pkgs = runtimePackages(facts.runs.flatMap((r) => r.packages));
  const hasBuildOnly = facts.runs.some((r) => r.packages.some((p) => p.packages.some((n) => isBuildOnly(n) || isDevPackage(n))));
  if (!full && !hasBuildOnly && !facts.runs.some((r) => r.role === 'build')) return { skip: 'already on a small Python image and nothing is built', nothing: true };
  if (pkgs.unknownDev.length) return { skip: `no known runtime library for ${pkgs.unknownDev.join(', ')}` };
  const native = full ? nativeLibs(facts) : [];
  const builderBefore = venvCmd || pipRuns.length === 0
    ? []
    : [{ at: pipRuns[0].ins, lines: [`RUN python3 -m venv ${VENV}`, `ENV PATH="${VENV}/bin:$PATH"`], reason: msg('split-venv', { venv: VENV }) }];
  return {
    runtime: { image: runtimeImage, distro: distroOf(base), user: null, shell: true },
    why: 'it gets the virtualenv and the app, without compilers and build headers',
    builderBefore,
    builderAfter: [],
    handover: [...new Set([venv, ...(facts.appDir ? [facts.appDir] : [])])].filter((p) => !(facts.appDir && p.startsWith(facts.appDir + '/'))),
    runtimeEnv: venvCmd ? [] : [`ENV PATH="${VENV}/bin:$PATH"`],
    runtimePackages: [...new Set([...pkgs.packages, ...native, ...toolsNeeded(facts)])],
    buildOnlyEnv: ['PIP_NO_CACHE_DIR', 'PIP_DISABLE_PIP_VERSION_CHECK', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL'],
  };
}

function nativeLibs(facts: Facts): string[] {
  const libs: string[] = [];
  const files = facts.runs.flatMap((r) => r.commands.flatMap((c) => c.manifests ?? []));
  for (const f of files) {
    for (const line of (facts.project.read(f) ?? '').split('\n')) {
      const name = line.trim().toLowerCase().split(/[\s=<>~!;[]/)[0];
      if (name && PIP_NATIVE[name]) libs.push(...PIP_NATIVE[name].split(' '));
    }
  }
  return libs;
}

export const python: Ecosystem = { id: 'python', classify, detect, manifests, plan };
