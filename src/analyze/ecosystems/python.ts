// Python with pip and requirements files. The builder installs into a virtualenv at one absolute path, which
// the runtime (python:<same>-slim) receives whole, with the app folder; PATH points at the venv in both.
import { msg } from '../../messages.ts';
import { resolvePath } from '../../model/paths.ts';
import { isVersionQuery, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Outcome, SplitPlan } from '../contract.ts';
import { nativeCompilers } from '../cross.ts';
import { isFullImage, isOfficial } from '../images.ts';
import { contextPath, contextPaths, expandFolders } from '../local-refs.ts';
import { interpreterArgs, interpreterStart } from '../entry.ts';
import { appHandover, unfollowedBuild } from '../handover.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import type { Project } from '../project.ts';
import { distroBase, runtimeBase, type BaseChoice } from '../runtime-base.ts';

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

/** Test runners and checkers: they read the code and leave nothing the image needs. */
const TEST_RUNNERS = /^(pytest|py\.test|tox|nox|flake8|mypy|pylint|ruff|black|isort|bandit)$/;
/** The same run as modules (`python -m pytest`). */
const TEST_MODULES = /^(pytest|unittest|tox|nox|flake8|mypy|pylint|ruff|black|isort|doctest)$/;

function pipArgs(cmd: Command): readonly string[] | null {
  const name = cmd.base;
  if (/^pip[\d.]*$/.test(name)) return cmd.args;
  if (/^python[\d.]*$/.test(name) && cmd.args[0] === '-m' && /^pip[\d.]*$/.test(cmd.args[1] ?? '')) return cmd.args.slice(2);
  return null;
}

function classify(cmd: Command, ctx: { workdir: string | null }): Classified | null {
  const pip = pipArgs(cmd);
  const name = cmd.base;
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
    // `.` (or `-e .`) installs the project itself, which needs its sources; other local folders, wheels and
    // --find-links folders are packages of their own, copied with the manifests.
    const editable = pip.flatMap((a, k) => (a === '-e' || a === '--editable' ? [pip[k + 1] ?? ''] : /^--editable=(.+)$/.exec(a)?.slice(1) ?? []));
    const links = pip.flatMap((a, k) => (a === '-f' || a === '--find-links' ? [pip[k + 1] ?? ''] : /^--find-links=(.+)$/.exec(a)?.slice(1) ?? []));
    const local = [...targets, ...editable, ...links].filter((t) => !/^(https?|git\+\w+):/.test(t) && (t.startsWith('.') || t.startsWith('/') || t.includes('/') || /\.whl$/.test(t)));
    const readsSources = local.some((t) => /^\.\/?(\[.*\])?$/.test(t) || t.startsWith('/'));
    const packages = local.length && !readsSources ? { localPackages: local.map((t) => relTo(t, ctx.workdir)) } : {};
    return { command: cmd, role: 'dep-install', manifests: manifests.map((m) => relTo(m, ctx.workdir)), ...packages, readsSources };
  }
  const tool = projectTool(cmd);
  if (tool) return tool;
  if (TEST_RUNNERS.test(name)) return { command: cmd, role: 'test' };
  if (/^python[\d.]*$/.test(name)) {
    if (cmd.args[0] === '-m' && TEST_MODULES.test(cmd.args[1] ?? '')) return { command: cmd, role: 'test' };
    const [script, sub] = positional(cmd.args, ['-m', '-c']);
    if (script === 'manage.py' && sub === 'test') return { command: cmd, role: 'test' };
    if (cmd.args[0] === '-m' && cmd.args[1] === 'venv') return { command: cmd, role: 'dep-install', output: cmd.args[cmd.args.length - 1] };
    if (cmd.args[0] === '-m' && cmd.args[1] === 'compileall') return { command: cmd, role: 'build' };
    if (script === 'setup.py') return { command: cmd, role: sub === 'install' || sub === 'develop' ? 'dep-install' : 'build', readsSources: true };
    if (script === 'manage.py' && (sub === 'collectstatic' || sub === 'compilemessages')) return { command: cmd, role: 'build' };
    return null;
  }
  if (name === 'virtualenv') return { command: cmd, role: 'dep-install', output: cmd.args[cmd.args.length - 1] };
  return null;
}

/**
 * poetry, pipenv and uv: installs read pyproject/Pipfile and the lock, and the project itself unless told not to.
 * `note` says where the packages go: `system` (site-packages of the image's Python), `project-venv` (.venv in the
 * app folder, uv sync) or `tool-venv` (a virtualenv the tool manages somewhere in the home folder).
 */
function projectTool(cmd: Command): Classified | null {
  const name = cmd.base;
  if (/^(poetry|pipenv|uv)$/.test(name) && isVersionQuery(cmd)) return { command: cmd, role: 'neutral' };
  const [sub, sub2] = positional(cmd.args, ['--only', '--with', '--without', '-E', '--extras', '--python', '--group', '--extra', '-p', '--directory', '--project', '-r', '--requirement']);
  if (name === 'poetry') {
    if (sub === 'install' || sub === 'sync') {
      const noRoot = cmd.args.includes('--no-root');
      return { command: cmd, role: 'dep-install', manifests: ['pyproject.toml', 'poetry.lock'], readsSources: !noRoot, note: 'poetry' };
    }
    if (sub === 'config' || sub === 'export' || sub === 'check' || sub === 'lock' || sub === '--version') return { command: cmd, role: 'neutral', note: 'poetry' };
    if (sub === 'run' && runsTests(cmd)) return { command: cmd, role: 'test' };
    if (sub === 'build' || sub === 'run') return { command: cmd, role: 'build' };
    return null;
  }
  if (name === 'pipenv') {
    if (sub === 'install' || sub === 'sync') return { command: cmd, role: 'dep-install', manifests: ['Pipfile', 'Pipfile.lock'], note: cmd.args.includes('--system') ? 'system' : 'tool-venv' };
    if (sub === 'run') return { command: cmd, role: runsTests(cmd) ? 'test' : 'build' };
    return sub === 'lock' || sub === 'requirements' || sub === '--version' ? { command: cmd, role: 'neutral' } : null;
  }
  if (name === 'uv') {
    if (sub === 'sync') {
      const noProject = cmd.args.includes('--no-install-project') || cmd.args.includes('--only-deps');
      return { command: cmd, role: 'dep-install', manifests: ['pyproject.toml', 'uv.lock'], readsSources: !noProject, note: 'project-venv' };
    }
    if (sub === 'pip' && (sub2 === 'install' || sub2 === 'sync')) {
      const reqs = cmd.args.flatMap((a, k, all) => (all[k - 1] === '-r' || all[k - 1] === '--requirement' ? [a] : []));
      const local = cmd.args.some((a) => a === '.' || a.startsWith('./') || a === '-e');
      return { command: cmd, role: 'dep-install', manifests: reqs, readsSources: local, note: cmd.args.includes('--system') ? 'system' : 'uv-pip' };
    }
    if (sub === 'run' && runsTests(cmd)) return { command: cmd, role: 'test' };
    if (sub === 'venv') return { command: cmd, role: 'dep-install', output: positional(cmd.args.slice(1))[0] ?? '.venv' };
    return sub === 'lock' || sub === 'export' || sub === '--version' ? { command: cmd, role: 'neutral' } : null;
  }
  return null;
}

/** `poetry run pytest`, `uv run python -m pytest`: a project tool that runs a test runner. */
function runsTests(cmd: Command): boolean {
  const at = cmd.args.indexOf('run');
  const [prog, ...rest] = positional(cmd.args.slice(at + 1));
  return TEST_RUNNERS.test(prog ?? '') || (/^python[\d.]*$/.test(prog ?? '') && rest[0] === undefined && TEST_MODULES.test(cmd.args[cmd.args.indexOf('-m') + 1] ?? ''));
}

const relTo = (path: string, workdir: string | null): string => {
  const abs = resolvePath(path, workdir);
  if (!abs || !workdir) return path;
  return abs.startsWith(workdir + '/') ? abs.slice(workdir.length + 1) : path;
};

function detect(facts: Facts): string | null {
  for (const run of facts.runs) {
    for (const c of run.commands) {
      const n = c.command.base;
      if (c.role === 'dep-install' && (n === 'poetry' || n === 'pipenv' || n === 'uv')) return n;
    }
  }
  for (const run of facts.runs) for (const c of run.commands) if (pipArgs(c.command)) return 'pip';
  return isOfficial(facts.base, 'python') ? 'pip' : null;
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  const installs = [install];
  if (installs.some((c) => c.readsSources)) return { skip: 'the install reads the sources (`pip install .`, setup.py)' };
  const files = installs.flatMap((c) => c.manifests ?? []);
  if (installs.some((c) => c.note && c.note !== 'system' || /^(poetry|pipenv|uv)$/.test(c.command.name))) {
    // Lockfiles may be absent (poetry and pipenv then resolve from the manifest alone).
    const need = files.filter((f) => /^(pyproject\.toml|Pipfile)$/.test(f) || !/\.lock$/.test(f));
    for (const f of need) if (facts.project.known && !facts.project.exists(f)) return { skip: `${f} is not in the build context` };
    const extra = facts.project.exists('poetry.toml') && files.includes('poetry.lock') ? ['poetry.toml'] : [];
    const local: string[] = [];
    for (const f of files.filter((m) => /^(pyproject\.toml|Pipfile)$/.test(m))) {
      const named = tomlPathDependencies(facts.project.read(f) ?? '').flatMap((r) => (r.includes('*') ? (expandFolders(facts.project, r) ?? [r]) : [r]));
      const refs = contextPaths(facts.project, f, named);
      if ('skip' in refs) return refs;
      local.push(...refs);
    }
    return [...files.filter((f) => !facts.project.known || facts.project.exists(f)), ...extra, ...local];
  }
  const packages = installs.flatMap((c) => c.localPackages ?? []);
  if (!facts.project.known) return packages.length ? { skip: 'the install takes local packages, and there is no build context to find them in' } : files;
  const local = contextPaths(facts.project, 'the install', packages.map((p) => p.replace(/\[[^\]]*\]$/, '')), '');
  if ('skip' in local) return local;
  const out: string[] = [];
  for (const f of files) {
    const refs = requirementRefs(facts.project, f, new Set());
    if ('skip' in refs) return refs;
    out.push(...refs);
  }
  return [...new Set([...out, ...local])];
}

const URL = /^(https?|git\+\w+|hg\+\w+|svn\+\w+|bzr\+\w+):/;
const IGNORED_OPTIONS = /^(-i|--index-url|--extra-index-url|--trusted-host|--pre|--prefer-binary|--no-binary|--only-binary|--require-hashes|--hash|--no-index|--use-feature|--config-settings|--global-option)(=|$)/;

/**
 * A requirements file and what it pulls in from the context: the files it includes (`-r`, `-c`, relative to it)
 * and the local packages and wheel folders it names (`-e ./pkg`, `./pkg`, `pkg @ file:…`, `-f ./wheels`, relative
 * to the folder pip runs in). `-e .` and `.` install the project itself: then the sources are needed.
 */
function requirementRefs(project: Project, file: string, seen: Set<string>): Outcome<string[]> {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = project.read(file);
  if (text === undefined) return { skip: `${file} is not in the build context` };
  const out = [file];
  const add = (refs: Outcome<string[]>): { skip: string } | null => ('skip' in refs ? refs : (out.push(...refs), null));
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const include = /^(-r|--requirement|-c|--constraint)(?:\s*=?\s*)(\S+)$/.exec(line);
    if (include) {
      const path = contextPath(project, file, include[2]);
      if (typeof path !== 'string') return path;
      const stop = add(requirementRefs(project, path, seen));
      if (stop) return stop;
      continue;
    }
    const option = /^(-e|--editable|-f|--find-links)(?:\s*=?\s*)(\S+)$/.exec(line);
    const target = option ? option[2] : /^[\w.-]+(\[[^\]]*\])?\s*@\s*(file:\S+)/.exec(line)?.[2] ?? (/^[./~]|^[\w.-]+\//.test(line) ? line.split(/[\s;]/)[0] : null);
    if (target === null || URL.test(target) || IGNORED_OPTIONS.test(line)) continue;
    const local = target.replace(/^file:(\/\/)?/, '').replace(/\[[^\]]*\]$/, '');
    if (local === '.' || local === './') return { skip: `${file} installs the project itself (\`${line}\`), which needs the sources` };
    const stop = add(contextPaths(project, file, [local], ''));
    if (stop) return stop;
  }
  return out;
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const tool = facts.runs.flatMap((r) => r.commands).find((c) => c.role === 'dep-install' && /^(poetry|pipenv|uv)$/.test(c.command.base));
  // `CMD ["python", "app.py"]` runs on an image whose ENTRYPOINT is python (distroless) as `CMD ["app.py"]`,
  // with the virtualenv's packages on PYTHONPATH (its own python links the builder's, which is not there).
  const start = tool ? null : interpreterArgs(facts.entry, /^(\/usr\/local\/bin\/|\/usr\/bin\/|\/opt\/venv\/bin\/)?python3?(\.\d+)?$/);
  const full = isFullImage(base);
  const wanted = [...facts.system.packages, ...(full && facts.project.known ? nativeLibs(facts) : []), ...toolsNeeded(facts.entry)];
  const choice = runtimeBase(base, 'python', options.runtimeBase, { shell: true, interpreter: start !== null, packages: wanted.length > 0 });
  // Python from the distro's packages: the same OS without the build packages (distroPlan).
  if ('skip' in choice) return isOfficial(base, 'python') ? choice : distroPlan(facts, options);
  if (tool) return toolPlan(facts, tool, choice);
  const pipRuns = facts.runs.filter((r) => r.commands.some((c) => c.role === 'dep-install' && /^(pip|python)[\d.]*$/.test(c.command.base)));
  const venvCmd = facts.runs.flatMap((r) => r.commands).find((c) => c.output !== undefined);
  const venv = venvCmd ? resolvePath(venvCmd.output!, facts.workdirAt.get(facts.runs.find((r) => r.commands.includes(venvCmd))!.ins) ?? null) : VENV;
  if (!venv || (facts.appDir && venv.startsWith(facts.appDir + '/'))) {
    // A venv inside the app folder comes along with it; anything else we cannot locate.
    if (!venv) return { skip: 'cannot tell where the virtualenv is' };
  }
  if (full && !facts.project.known) return { skip: 'full Python image without a build context: cannot tell which native libraries the packages need' };
  const pkgs = facts.system;
  if (!full && !pkgs.buildOnly && !facts.runs.some((r) => r.role === 'build')) return { skip: 'already on a small Python image and nothing is built', nothing: true };
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const builderBefore = venvCmd || pipRuns.length === 0
    ? []
    : [{ at: pipRuns[0].ins, lines: [`RUN python3 -m venv ${VENV}`, `ENV PATH="${VENV}/bin:$PATH"`], reason: msg('split-venv', { venv: VENV }) }];
  const app = facts.appDir;
  const venvInApp = app && venv.startsWith(app + '/') ? [`${venv.slice(app.length + 1).split('/')[0]}/`] : [];
  const share = appHandover(facts, { written: venvInApp, compiled: [], unknown: unfollowedBuild(facts) });
  return {
    runtime: choice,
    policyNote: choice.note,
    keptOut: share.keptOut,
    handoverFiles: share.files,
    ...(share.whole ? { wholeFolder: share.whole } : {}),
    why: 'it gets the virtualenv and the app, without compilers and build headers',
    builderBefore,
    builderAfter: [],
    handover: [...(venvInApp.length ? [] : [venv]), ...share.paths],
    ...(choice.distro === 'distroless' && start
      ? {
          runtimeEnv: [`ENV PYTHONPATH="${venv}/lib/python${DISTROLESS_PYTHON}/site-packages"`],
          runtimeEnvReason: msg('split-venv-pythonpath', { venv, image: choice.image }),
          startCommand: interpreterStart(start, choice.image, 'python3'),
          runtimePackages: [],
        }
      : { runtimeEnv: venvCmd ? [] : [`ENV PATH="${VENV}/bin:$PATH"`], runtimePackages: [...new Set(wanted)] }),
  };
}

/**
 * Python from the distro's packages (`apt-get install python3 python3-pip`, `apk add python3`): the runtime is
 * the same OS release without the build packages (or the builder's own image when it is no OS image), and
 * gets what pip installed where pip put it: a virtualenv the file creates, or /usr/local, where pip installs
 * as root on Debian, Ubuntu and RHEL.
 */
function distroPlan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const commands = facts.runs.flatMap((r) => r.commands);
  if (commands.some((c) => c.role === 'dep-install' && /^(poetry|pipenv|uv)$/.test(c.command.base))) return { skip: `no smaller Python image known for \`${facts.base.raw}\`, and its tool's install folder is not followed there` };
  const builds = facts.runs.some((r) => r.role === 'build');
  if (!pkgs.buildOnly && !builds) return { skip: 'nothing is built and no build-only package is installed: the image already is the runtime', nothing: true };
  const venvCmd = commands.find((c) => c.role === 'dep-install' && c.output !== undefined);
  const run = venvCmd && facts.runs.find((r) => r.commands.includes(venvCmd));
  const venv = venvCmd && run ? resolvePath(venvCmd.output!, run.workdir) : null;
  const pip = commands.some((c) => c.role === 'dep-install' && pipArgs(c.command));
  if (pip && !venv && facts.distro === 'alpine') return { skip: 'pip installs among Alpine\'s own Python packages (/usr/lib/python3.*), which cannot be copied apart' };
  const choice = distroBase(facts.base, options.runtimeBase, { shell: true, packages: true });
  if ('skip' in choice) return choice;
  const installed = venv ? [venv] : pip ? ['/usr/local'] : [];
  return {
    runtime: choice,
    policyNote: choice.note,
    why: `no smaller Python image is known for ${facts.base.raw}: ${choice.image === facts.base.raw ? 'the same image' : 'the same OS release'} without compilers and headers, with what pip installed`,
    builderBefore: [],
    builderAfter: [],
    handover: [...new Set([...installed, ...(facts.appDir ? [facts.appDir] : [])])].filter((p) => !(facts.appDir && p !== facts.appDir && p.startsWith(facts.appDir + '/'))),
    runtimeEnv: [],
    runtimePackages: [...new Set([...pkgs.packages, ...toolsNeeded(facts.entry)])],
  };
}

/** The Python of gcr.io/distroless/python3-debian12 (at /usr/bin/python3.11). */
const DISTROLESS_PYTHON = '3.11';

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


/** Where poetry/pipenv/uv put the packages decides what the runtime receives. */
function toolPlan(facts: Facts, tool: CommandFacts, choice: BaseChoice): Outcome<SplitPlan> {
  const base = facts.base;
  const name = tool.command.base;
  const entry = facts.entry.text;
  if (new RegExp(`(^|[\\s/"'])${name}\\s`).test(entry + ' ')) return { skip: `the CMD runs \`${name}\`, which the slim image lacks` };
  const poetryNoVenv = facts.runs.some((r) => r.commands.some((c) => c.command.name.endsWith('poetry') && c.command.args.join(' ').includes('virtualenvs.create false'))) ||
    facts.env.get('POETRY_VIRTUALENVS_CREATE') === 'false';
  const where = name === 'poetry' ? (poetryNoVenv ? 'system' : 'tool-venv') : name === 'uv' && tool.note === 'project-venv' && facts.env.get('UV_PROJECT_ENVIRONMENT') === undefined ? 'project-venv' : tool.note;
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const common = {
    runtime: choice,
    policyNote: choice.note,
    builderBefore: [],
    builderAfter: [],
    runtimePackages: [...new Set([...pkgs.packages, ...toolsNeeded(facts.entry)])],
  };
  if (!facts.appDir) return { skip: 'cannot tell where the app lives' };
  if (where === 'project-venv') {
    const share = appHandover(facts, { written: ['.venv/'], compiled: [], unknown: unfollowedBuild(facts) });
    return { ...common, why: 'it gets the app with its .venv, without uv and the build tools', handover: share.paths, handoverFiles: share.files, keptOut: share.keptOut, ...(share.whole ? { wholeFolder: share.whole } : {}), runtimeEnv: [] };
  }
  if (where === 'system') {
    // Packages installed into the image's own Python: its site-packages and console scripts move across.
    const version = /^(\d+\.\d+)/.exec(base.tag ?? '')?.[1];
    if (!version) return { skip: `packages go to the system Python, whose version \`${base.raw}\` does not say` };
    const systemShare = appHandover(facts, { written: [], compiled: [], unknown: unfollowedBuild(facts) });
    return {
      ...common,
      why: `it gets the installed packages (site-packages of Python ${version}) and the app, without ${name} and the build tools`,
      handover: [`/usr/local/lib/python${version}/site-packages`, '/usr/local/bin', ...systemShare.paths],
      keptOut: systemShare.keptOut,
      handoverFiles: systemShare.files,
      ...(systemShare.whole ? { wholeFolder: systemShare.whole } : {}),
      runtimeEnv: [],
    };
  }
  return { skip: `${name} installs into a virtualenv it manages outside the app folder` };
}

const PIP_CACHE: CacheTool = {
  name: 'pip',
  uses: (c) => pipArgs(c) !== null && ['install', 'download', 'wheel'].includes(positional(pipArgs(c)!)[0] ?? ''),
  targets: [{ path: '/root/.cache/pip' }],
  defeats: (c) => {
    const args = pipArgs(c);
    if (!args) return null;
    if (positional(args)[0] === 'cache') return '`pip cache` empties it';
    const has = (name: string): boolean => args.some((a) => a === name || a.startsWith(name + '='));
    if (has('--no-cache-dir')) return '--no-cache-dir switches it off';
    return has('--cache-dir') ? 'it sets its own --cache-dir' : null;
  },
  env: /^PIP_(NO_)?CACHE_DIR$/,
};

/**
 * `--cross-platform`: Python runs anywhere, but pip takes wheels for the machine it runs on, and a package with
 * compiled parts would not run on the target. Which packages are pure cannot be told offline, so only a build
 * that compiles nothing and installs no packages goes cross.
 */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const native = nativeCompilers(facts);
  if (native) return { skip: `native extensions are compiled (${native} installed): they would be built for the build machine` };
  const pip = facts.runs.find((r) => r.commands.some((c) => PIP_CACHE.uses(c.command)));
  if (pip) return { skip: `pip at line ${pip.ins.line} installs wheels for the build machine, and whether every package is pure Python cannot be told offline` };
  return { inserts: [], args: [], how: 'nothing is compiled: the Python sources are the same on every platform' };
}

/** The names `classify` answers for: pip, the interpreter (`python -m pip`), the project tools and test runners. */
const COMMANDS = new RegExp(`^(pip[\\d.]*|python[\\d.]*|poetry|pipenv|uv|virtualenv)$|${TEST_RUNNERS.source}`);

export const python: Ecosystem = {
  id: 'python',
  classify,
  commands: COMMANDS,
  detect,
  manifests,
  plan,
  caches: [PIP_CACHE],
  crossBuild,
  installDirs: () => ['.venv', 'venv', '**/__pycache__'],
  buildEnv: /^(PIP_\w+|POETRY_\w+|PIPENV_VENV_IN_PROJECT|UV_\w+)$/,
};

// Sections whose entries may be path dependencies: poetry's (groups too), uv's sources and workspace, Pipfile's.
const DEPENDENCY_SECTION = /^(tool\.poetry(\.group\.[\w-]+)?\.(dev-)?dependencies|tool\.uv\.sources|tool\.uv\.workspace|packages|dev-packages)$/;

/**
 * Local folders a pyproject.toml or Pipfile installs from: `x = { path = "../x" }` (poetry, Pipfile, uv
 * sources) and uv workspace `members`. A line scan of the few sections that can hold them, not a TOML parser.
 */
export function tomlPathDependencies(text: string): string[] {
  const out: string[] = [];
  let section = '';
  let members = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (members) {
      for (const m of line.matchAll(/["']([^"']+)["']/g)) out.push(m[1]);
      members = !line.includes(']');
      continue;
    }
    const head = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (head) {
      section = head[1];
      continue;
    }
    if (!DEPENDENCY_SECTION.test(section)) continue;
    for (const m of line.matchAll(/\bpath\s*=\s*["']([^"']+)["']/g)) out.push(m[1]);
    if (section === 'tool.uv.workspace' && /^members\s*=/.test(line)) {
      for (const m of line.matchAll(/["']([^"']+)["']/g)) out.push(m[1]);
      members = !line.includes(']');
    }
  }
  return out;
}
