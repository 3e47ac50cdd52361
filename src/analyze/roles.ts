// What each RUN does, command by command (hadolint's "parse the shell once, ask questions" idea). Language
// tools are asked of the ecosystems, in registry order; the commands none of them claims are classified here.
import type { Instruction } from '../model/model.ts';
import { isInside, resolvePath } from '../model/paths.ts';
import { baseName, heredocScript, optionValue, positional, splitShell, type Command, type Script } from '../model/shell.ts';
import type { Classified, CommandFacts, Ecosystem, PackageInstall, Role, RunFacts, RunRuntime } from './contract.ts';
import { fetchCommand, isPackageFile, SCRATCH } from './fetch.ts';

const NEUTRAL = new Set([
  'true', ':', 'set', 'export', 'echo', 'printf', 'cd', 'source', '.', 'exit', 'printenv', 'ls', 'pwd', 'cat', 'which',
  'sleep', 'id', 'whoami', 'test', '[', '[[', 'env', 'uname', 'du', 'df', 'find', 'head', 'tail', 'grep', 'wc', 'date',
  'command', 'type', 'hash', 'locale', 'nproc', 'awk', 'gawk', 'mawk', 'cut', 'sort', 'uniq', 'tr', 'basename', 'dirname',
  'readlink', 'realpath', 'stat', 'break', 'continue', 'return', 'shift', 'local', 'read', 'wait', 'trap', 'ulimit', 'umask',
  'getent', 'arch', 'dpkg-architecture', 'lsb_release', 'ldd', 'gpgconf', 'gpg-agent', 'dirmngr', 'xargs', 'diff', 'cmp', 'file',
  'ps', 'free', 'hostname', 'tput', 'sync', 'unset', 'declare', 'typeset', 'let', 'eval_gettext', 'curl-config', 'pkg-config',
]);
/** POSIX special built-ins: variable assignments written before them last in the shell. */
const SPECIAL_BUILTINS = new Set(['set', ':', '.', 'eval', 'readonly', 'shift', 'trap', 'unset', 'exec', 'exit', 'return', 'times', 'break', 'continue']);
const USERS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup', 'usermod', 'groupmod', 'passwd', 'chpasswd', 'deluser', 'delgroup', 'userdel', 'groupdel', 'chsh']);
/** System settings that change nothing but configuration: run again in the runtime stage. */
const SETTINGS = new Set(['update-alternatives', 'dpkg-reconfigure', 'localedef', 'update-locale', 'setcap', 'update-rc.d', 'dpkg-divert']);
/** Package-manager bookkeeping: the runtime stage's own install does what it needs. */
const PACKAGE_BOOKKEEPING = new Set(['apt-mark', 'debconf-set-selections', 'apt-cache', 'dpkg-query', 'apt-config', 'rpm', 'dpkg']);
/** Commands that run another command (with options of their own before it). */
const WRAPPERS: Readonly<Record<string, readonly string[]>> = {
  sudo: ['-u', '--user', '-g', '--group', '-C', '-h', '--host', '-p', '--prompt'],
  gosu: [],
  'su-exec': [],
  chroot: [],
  nice: ['-n'],
  nohup: [],
  'setuidgid': [],
  time: [],
  xargs: ['-n', '-I', '-P', '-d', '-L', '-s'],
  yes: [],
};
const FILES = new Set(['mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'cp', 'mv', 'rm', 'sed', 'tee', 'install', 'rmdir', 'update-ca-certificates', 'ldconfig', 'locale-gen']);
/** Downloads and unpacks: what they leave is where their files land, which `fetchCommand` follows or cannot tell. */
const FETCHERS = /^(curl|wget|tar|bsdtar|unzip|git)$/;
const UNPACKERS = /^(tar|bsdtar|unzip)$/;
const CLEANUP = /^\/(var\/lib\/apt\/lists|var\/cache|tmp|var\/tmp|usr\/src|usr\/local\/src|root\/\.(cache|npm|gnupg|sbt|ivy2|m2|gradle|cargo\/registry|composer\/cache|nuget\/packages)|usr\/(local\/)?share\/(doc|man)|var\/log)(\/|$)|^~\/\.(cache|npm|sbt|ivy2|m2|gradle)(\/|$)/;
const PKG_OPTS_WITH_VALUE = ['-o', '-t', '--target-release', '--repository', '-X', '--virtual', '-t', '--enablerepo', '--disablerepo', '--setopt'];

function packageCommand(cmd: Command): PackageInstall | 'other' | null {
  const [sub] = positional(cmd.args, PKG_OPTS_WITH_VALUE);
  const name = cmd.base;
  const pkgs = (): string[] =>
    positional(cmd.args, PKG_OPTS_WITH_VALUE)
      .slice(1)
      .flatMap((p) => p.trim().split(/\s+/)) // a variable's value may name several
      .map((p) => p.replace(/[=<>].*$/, ''))
      .filter((p) => p !== '');
  if (name === 'apt-get' || name === 'apt') {
    if (sub === 'install') return { manager: 'apt', packages: pkgs(), line: 0 };
    return 'other';
  }
  if (name === 'apk') {
    if (sub === 'add') {
      const group = optionValue(cmd.args, ['--virtual', '-t']);
      return { manager: 'apk', packages: pkgs(), line: 0, virtual: group !== undefined, ...(group ? { group } : {}) };
    }
    return 'other';
  }
  if (name === 'yum' || name === 'dnf' || name === 'microdnf') {
    if (sub === 'install') return { manager: 'yum', packages: pkgs(), line: 0 };
    return 'other';
  }
  return null;
}

function generic(cmd: Command, appDir: string | null, workdir: string | null): Classified | null {
  const name = cmd.name.replace(/^\/(usr\/)?(local\/)?s?bin\//, '');
  if (cmd.name === '' || NEUTRAL.has(name)) {
    // Writing a file with echo/cat/printf > file is setting up the system unless the file is the app's.
    const outside = cmd.writes.filter((w) => w !== '/dev/null' && !w.startsWith('&') && !isInside(resolvePath(w, workdir) ?? '', appDir));
    if (outside.some((w) => !CLEANUP.test(resolvePath(w, workdir) ?? ''))) return { command: cmd, role: 'system-config' };
    return { command: cmd, role: cmd.writes.length ? 'app-local' : 'neutral' };
  }
  // `tool --version`, `tool -h`: a check that leaves nothing behind.
  if (cmd.args.length === 1 && /^(--version|-version|-v|-V|version|--help|-h)$/.test(cmd.args[0]) && !cmd.writes.length) return { command: cmd, role: 'neutral' };
  if (USERS.has(name) || SETTINGS.has(name)) return { command: cmd, role: 'system-config' };
  if (PACKAGE_BOOKKEEPING.has(name)) return { command: cmd, role: 'system-packages' };
  const pkg = packageCommand(cmd);
  // `apt-get install ./x.deb` installs a file downloaded here: the runtime runs it again.
  if (pkg && pkg !== 'other' && pkg.packages.some(isPackageFile)) return { command: cmd, role: 'system-config', installer: true };
  if (pkg) return { command: cmd, role: 'system-packages' };
  if (FILES.has(name) || (name === 'sed' && cmd.args.includes('-i'))) {
    // sed's first word is its script, unless -e or -f name it.
    const words = name === 'sed' && !cmd.args.some((a) => /^(-[a-zA-Z]*[ef]|--expression|--file)/.test(a)) ? positional(cmd.args).slice(1) : positional(cmd.args);
    const paths = words.filter((a) => a.includes('/') || a === '.' || !/^[+=:]|^[0-7]{3,4}$|^\w+:\w*$/.test(a));
    // A home folder's caches (`rm -rf ~/.ivy2`) are build leftovers like /root/.cache.
    const targets = [...paths, ...cmd.writes].map((p) => (/^~\/\.(cache|npm|sbt|ivy2|m2|gradle)(\/|$)/.test(p) ? p : globFolder(p, workdir)));
    if (name === 'rm' && targets.every((t) => t !== null && (CLEANUP.test(t) || isInside(t, appDir)))) {
      return { command: cmd, role: targets.every((t) => CLEANUP.test(t!)) ? 'system-packages' : 'app-local' };
    }
    // Work on sources and downloads in scratch folders (/usr/src, /tmp): only the build sees it.
    if (targets.length > 0 && targets.every((t) => t !== null && SCRATCH.test(t))) return { command: cmd, role: 'fetch' };
    if (targets.length > 0 && targets.every((t) => t !== null && isInside(t, appDir))) return { command: cmd, role: 'app-local' };
    // Files copied or moved out of the app or a download: the runtime copies where they landed from the builder.
    if (name === 'cp' || name === 'mv' || name === 'install') {
      const place = destination(cmd, workdir);
      if (place && !CLEANUP.test(place) && !isInside(place, appDir)) return { command: cmd, role: 'system-config', places: [place] };
      if (place && isInside(place, appDir)) return { command: cmd, role: 'app-local' };
    }
    const clashes = clashing(cmd, paths.map((p) => globFolder(p, workdir)).filter((t): t is string => t !== null), workdir);
    return { command: cmd, role: 'system-config', ...(clashes.length ? { clashes } : {}) };
  }
  return null;
}

/** A path, or for a pattern (`bin/*.bat`) the folder it matches in: what a file command works on. */
function globFolder(path: string, workdir: string | null): string | null {
  const at = resolvePath(path, workdir);
  if (at !== null || path.includes('$') || !/[*?]/.test(path)) return at;
  const dir = path.slice(0, path.search(/[*?]/)).replace(/[^/]*$/, '');
  return resolvePath(dir || '.', workdir);
}

/**
 * What a file command works on where it fails, or undoes something, when that is already in place: the
 * folders `mkdir` makes without `-p`, the link `ln` makes without `-f`, what `rm`, `rmdir` and `mv` take away.
 */
function clashing(cmd: Command, paths: readonly string[], workdir: string | null): string[] {
  const flags = cmd.args.filter((a) => a.startsWith('-')).join(' ');
  if (cmd.base === 'mkdir') return /(^|\s)(-[a-zA-Z]*p|--parents)/.test(flags) ? [] : [...paths];
  if (cmd.base === 'ln') {
    if (/(^|\s)(-[a-zA-Z]*f|--force)/.test(flags) || !paths.length) return [];
    const link = paths.length > 1 ? paths[paths.length - 1] : resolvePath(baseName(paths[0]), workdir);
    return link ? [link] : [];
  }
  return cmd.base === 'rm' || cmd.base === 'rmdir' || cmd.base === 'mv' ? [...paths] : [];
}

/** Folders that every image has and that hold other files: a file copied into one is named on its own. */
const SHARED_DIRS = /^\/(usr\/(local\/)?(s?bin|lib|lib64|share|include|libexec)|s?bin|lib|lib64|etc|opt|var\/lib|usr\/local)\/?$/;

/** Where `cp`/`mv`/`install` put their files (a whole folder when they may land in it under their own name). */
function destination(cmd: Command, workdir: string | null): string | null {
  if (cmd.args.includes('-d') && cmd.base === 'install') return null;
  const target = cmd.args.find((a, k) => cmd.args[k - 1] === '-t' || cmd.args[k - 1] === '--target-directory') ?? cmd.args.find((a) => a.startsWith('--target-directory='))?.slice(20);
  const paths = positional(cmd.args, ['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix']);
  const dest = target ?? paths[paths.length - 1];
  const sources = target ? paths : paths.slice(0, -1);
  const abs = dest ? resolvePath(dest, workdir) : null;
  if (!abs || abs.includes('*') || sources.length === 0) return null;
  if (SHARED_DIRS.test(abs)) {
    if (sources.length !== 1 || sources[0].includes('*') || sources[0].includes('$')) return null;
    return abs.replace(/\/$/, '') + '/' + baseName(sources[0].replace(/\/$/, ''));
  }
  return abs.replace(/\/$/, '');
}

export function classifyRun(
  ins: Instruction,
  workdir: string | null,
  appDir: string | null,
  ecosystems: readonly Ecosystem[],
  split: (src: string) => Script = splitShell,
  vars: ReadonlyMap<string, string> = new Map(),
  touched: readonly string[] = ['/'],
): RunFacts {
  if (ins.json) {
    const src = ins.json.map((a) => (/[\s'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ');
    return classifyScript(ins, src, split(src), workdir, appDir, ecosystems, vars, touched);
  }
  if (ins.heredoc) {
    // `RUN <<EOF` runs the body as a script: its commands are classified like any other RUN's. A heredoc fed
    // to a command (`RUN cat <<EOF > /etc/x`) is that command's data, which the splitter skips.
    const body = heredocScript(ins.rawArgs);
    const src = body ? ins.rawArgs.slice(body.start, body.end) : ins.rawArgs;
    return classifyScript(ins, src, split(src), workdir, appDir, ecosystems, vars, touched);
  }
  return classifyScript(ins, ins.args, split(ins.args), workdir, appDir, ecosystems, vars, touched);
}

/** `$NAME`, `${NAME}` of known variables replaced in a command's name, arguments and redirections. */
function withValues(cmd: Command, vars: ReadonlyMap<string, string>): Command {
  if (vars.size === 0) return cmd;
  const sub = (w: string): string => (w.includes('$') ? w.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => vars.get(a ?? b ?? '') ?? whole) : w);
  if (![cmd.name, ...cmd.args, ...cmd.writes].some((w) => w.includes('$'))) return cmd;
  const name = sub(cmd.name);
  return { ...cmd, name, base: baseName(name), args: cmd.args.map(sub), writes: cmd.writes.map(sub) };
}

/** `sudo -E bash`, `gosu user cmd`, `yes | cmd`: the command that really runs (null when there is none). */
function unwrapped(cmd: Command): Command | null {
  const opts = WRAPPERS[cmd.base];
  if (!opts) return cmd;
  const rest = positional(cmd.args, opts);
  // gosu/su-exec/chroot name a user or folder first.
  const skip = cmd.base === 'gosu' || cmd.base === 'su-exec' || cmd.base === 'chroot' || cmd.base === 'setuidgid' ? 1 : 0;
  const at = cmd.args.indexOf(rest[skip] ?? '\0');
  if (at === -1) return null;
  const name = cmd.args[at];
  return { ...cmd, name, base: baseName(name), args: cmd.args.slice(at + 1), words: cmd.words.slice(at + 1) };
}

function classifyScript(
  ins: Instruction,
  src: string,
  script: Script,
  workdir: string | null,
  appDir: string | null,
  ecosystems: readonly Ecosystem[],
  stageVars: ReadonlyMap<string, string>,
  touched: readonly string[],
): RunFacts {
  const commands: CommandFacts[] = [];
  // Variables in force: the stage's ENV/ARG values, then what the RUN assigns plainly (or to a `mktemp` folder).
  const vars = new Map(stageVars);
  const packages: PackageInstall[] = [];
  const dirs: (string | null)[] = [];
  const fetched = new Set<string>();
  let wd = workdir;
  // The folder each open subshell started in: a `cd` inside one ends with it.
  const outer: (string | null)[] = [];
  script.commands.forEach((raw, k) => {
    const depth = raw.subshell ?? 0;
    while (outer.length < depth) outer.push(wd);
    while (outer.length > depth) wd = outer.pop() as string | null;
    const valued = withValues(raw, vars);
    const cmd = unwrapped(valued);
    // Assignments before a special built-in (`deps='gcc make' set -x`) stay in force after it, as plain ones do.
    if (raw.name === '' || raw.base === 'export' || SPECIAL_BUILTINS.has(raw.base)) {
      const pairs = raw.name === '' || raw.base !== 'export' ? Object.entries(raw.env) : raw.args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const);
      for (const [name, value] of pairs) {
        if (/^\$\(mktemp\b/.test(value)) vars.set(name, '/tmp/mktemp');
        else if (!/[$`]/.test(value)) vars.set(name, value);
        else vars.delete(name);
      }
    }
    let facts: CommandFacts | null = null;
    const at = { workdir: wd, appDir };
    if (cmd === null) facts = { command: valued, role: 'neutral', owner: null };
    else if (cmd.base === 'yes' || cmd.base === 'time') facts = { command: valued, role: 'neutral', owner: null };
    for (const e of facts ? [] : ecosystems) {
      if (!e.commands.test(cmd!.base)) continue;
      const c = e.classify(cmd!, at);
      if (c) {
        facts = { ...c, command: valued, owner: e };
        break;
      }
    }
    if (!facts) {
      const pipe = { from: k > 0 && script.commands[k - 1].sep === '|' ? script.commands[k - 1] : undefined, to: raw.sep === '|' ? script.commands[k + 1] : undefined };
      const c = fetchCommand(cmd!, pipe, at, fetched) ?? generic(cmd!, appDir, wd) ?? { command: cmd!, role: 'unknown' as const };
      facts = { ...c, command: valued, owner: null };
    }
    for (const f of facts.fetches ?? []) fetched.add(baseName(f));
    dirs.push(wd);
    if (raw.name === 'cd' && valued.args[0]) wd = resolvePath(valued.args[0], wd);
    const pkg = cmd && packageCommand(cmd);
    if (pkg && pkg !== 'other') {
      const names = pkg.packages.filter((p) => !isPackageFile(p));
      if (names.length || !pkg.packages.length) packages.push({ ...pkg, packages: names, line: ins.line });
    }
    commands.push(facts);
  });
  // A download or unpacked archive the same RUN then builds from is that build's input, wherever it landed.
  // (Each "later" question asks of the last index that answers it: a RUN may hold thousands of commands.)
  const lastBuild = commands.findLastIndex((c) => c.role === 'build' || c.role === 'dep-install');
  const buildsLater = (k: number): boolean => k < lastBuild;
  // An archive unpacked where this tool cannot tell, whose content the same RUN then moves or copies to a place
  // of its own (`tar xzf x.tgz && mv x-1.0 /opt/x`): the unpacked folder is a step on the way, like a download.
  const lastPlaced = commands.findLastIndex((c) => (c.command.base === 'mv' || c.command.base === 'cp') && (c.places?.length ?? 0) > 0);
  const placedLater = (k: number): boolean => k < lastPlaced;
  commands.forEach((c, k) => {
    if (c.role === 'unknown' && FETCHERS.test(c.command.base) && (buildsLater(k) || (UNPACKERS.test(c.command.base) && placedLater(k)))) commands[k] = { ...c, role: 'fetch' };
  });
  // An unknown command of a RUN that builds nothing, away from the app's files, installs something: it changes the
  // system in ways this tool does not follow, so the runtime stands on the same base image and runs it again.
  // Next to a build, or among the app's files, it may be the build itself: that stays unknown.
  if (!commands.some((c) => c.role === 'build' || c.role === 'dep-install' || c.role === 'test')) {
    // What earlier commands of the RUN fetched or unpacked is source too (`tar -C src && cd src && sbt …`).
    const near = [...touched];
    commands.forEach((c, k) => {
      if (c.role === 'unknown' && awayFromApp(c.command, dirs[k], appDir, near)) commands[k] = { ...c, role: 'system-config', installer: true };
      near.push(...(c.fetches ?? []), ...(c.places ?? []));
    });
  }
  // `rm` of what this RUN fetched is cleanup of build leftovers, not system setup.
  // A pattern (`rm x-*.tar.gz`) counts when it matches what was fetched.
  const wasFetched = (a: string): boolean => {
    const name = baseName(a.replace(/\/$/, ''));
    // …or the folder an archive unpacked to (`tar xjf curl-7.70.0.tar.bz2` → curl-7.70.0).
    if (fetched.has(name) || [...fetched].some((f) => f.replace(/\.(tar(\.\w+)?|tgz|tbz2?|txz|zip)$/, '') === name && f !== name)) return true;
    if (!/[*?]/.test(name)) return false;
    const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return [...fetched].some((f) => re.test(f));
  };
  // A folder made for the build and removed again by the same RUN (`mkdir x && cd x && make && cd .. && rm -rf x`)
  // is scratch space too.
  const removals = removalsOf(commands, /^rm$/);
  const removedLater = (k: number, path: string): boolean => removals.some((r) => r.j > k && r.paths.includes(path));
  const cleaned = commands.map((c, k) =>
    (c.command.base === 'rm' && c.role === 'system-config' && positional(c.command.args).every((a) => wasFetched(a) || SCRATCH.test(a) || CLEANUP.test(a))) ||
    (c.command.base === 'mkdir' && c.role === 'system-config' && (c.clashes ?? []).length > 0 && c.clashes!.every((p) => removedLater(k, p)))
      ? { ...c, role: 'fetch' as const }
      : c,
  );
  // What a scratch folder's own removal leaves: nothing.
  const scratchDirs = new Set<string>();
  cleaned.forEach((c, k) => {
    if (c.command.base === 'mkdir' && c.role === 'fetch') for (const p of c.clashes ?? []) scratchDirs.add(p);
    if (c.command.base === 'rm' && c.role === 'system-config' && (c.clashes ?? []).length > 0 && c.clashes!.every((p) => scratchDirs.has(p))) cleaned[k] = { ...c, role: 'fetch' };
  });
  const roles = new Set(cleaned.map((c) => c.role));
  let role: Role = 'neutral';
  let why: string | undefined;
  const unknown = cleaned.find((c) => c.role === 'unknown');
  let runtime: RunRuntime = NOTHING;
  if (script.opaque) {
    role = 'unknown';
    why = 'shell this tool does not follow';
  } else if (unknown) {
    role = 'unknown';
    why = `\`${[unknown.command.name, ...unknown.command.args].join(' ').slice(0, 60)}\``;
  } else {
    for (const r of ['dep-install', 'build', 'test', 'system-config', 'system-packages', 'fetch', 'app-local'] as const) {
      if (roles.has(r)) {
        role = r;
        break;
      }
    }
    const left = runtimeOf(src, script, cleaned, dirs, workdir);
    if ('why' in left) {
      role = 'unknown';
      why = left.why;
    } else runtime = left;
  }
  return { ins, workdir, script, commands: cleaned, role, packages, why, runtime };
}

/**
 * A command that cannot touch the app's files: it runs a program it names (not by a relative path, not from a
 * variable), outside the folders that hold context or app files by then (`touched`), and its arguments name
 * none of them nor the app folder.
 */
function awayFromApp(cmd: Command, cwd: string | null, appDir: string | null, touched: readonly string[]): boolean {
  // A program named by a relative path comes from files this tool does not follow (an unpacked source tree);
  // a download or unpack whose target is unknown may feed anything.
  if ((cmd.name.includes('/') && !cmd.name.startsWith('/')) || FETCHERS.test(cmd.base)) return false;
  // `eval "$SETUP"`, `$TOOL install`: what runs is only known while the image builds.
  if (cmd.base === 'eval' || cmd.name.includes('$')) return false;
  if (touched.includes('/')) return false;
  const near = (path: string): boolean => isInside(path, appDir) || touched.some((t) => isInside(path, t));
  if (cwd !== null && touched.some((t) => isInside(cwd, t))) return false;
  // The program itself may be a copied script; what it works on is in its arguments.
  return [...cmd.args, ...cmd.writes].every((w) => {
    const path = w.replace(/^--?[\w-]+=/, '');
    if (!path.includes('/') && !path.startsWith('.')) return true;
    const abs = resolvePath(path, cwd);
    return abs !== null && !near(abs);
  });
}

/** The RUN's removals (`rm`, `rmdir`): each command's index and the paths it takes away. */
const removalsOf = (commands: readonly CommandFacts[], names: RegExp): { j: number; paths: readonly string[] }[] =>
  commands.flatMap((c, j) => (names.test(c.command.base) && c.clashes?.length ? [{ j, paths: c.clashes }] : []));

const NOTHING: RunRuntime = { replay: 'none', copies: [], sources: [], sameBase: null };

/** Commands whose effect the runtime stage gets by running them again (users, settings, installers). */
const replays = (c: CommandFacts): boolean => c.role === 'system-config' && !c.places?.length;
/** Commands that leave nothing the runtime stage has to redo or copy. */
const inert = (c: CommandFacts): boolean => c.role === 'neutral' || c.role === 'app-local';

/**
 * What a RUN leaves for the runtime: its system setup, run again as written when the RUN does nothing else,
 * or only those commands (with the downloads they run and the folder they run in) when it also builds; the
 * files it puts outside the app, copied; the package sources it adds; and whether an installer ran.
 */
function runtimeOf(src: string, script: Script, commands: readonly CommandFacts[], dirs: readonly (string | null)[], workdir: string | null): RunRuntime | { why: string } {
  // What a later `rm` of the same RUN deletes again is not in the builder to copy (`get-pip.py` once run).
  const removals = removalsOf(commands, /^(rm|rmdir)$/);
  const removed = (k: number, path: string): boolean => removals.some((r) => r.j > k && r.paths.some((t) => isInside(path, t)));
  const copies = [...new Set(commands.flatMap((c, k) => (c.places ?? []).filter((p) => !removed(k, p))))];
  const sources = [...new Set(commands.flatMap((c) => c.sources ?? []))];
  // Pipelines and `a || b` stay together; the parts to run again are whole groups.
  const groups: number[][] = [];
  commands.forEach((_, k) => {
    const prev = k > 0 ? commands[k - 1].command.sep : '';
    if (k > 0 && (prev === '|' || prev === '||')) groups[groups.length - 1].push(k);
    else groups.push([k]);
  });
  const span = (g: readonly number[]): string => tidy(src.slice(commands[g[0]].command.start, commands[g[g.length - 1]].command.end));
  const installer = groups.find((g) => g.some((k) => commands[k].installer));
  const sameBase = installer ? `\`${span(installer).slice(0, 80)}\` changes the system in ways this tool does not follow` : null;
  const replayed = (g: readonly number[]): boolean => g.some((k) => replays(commands[k]));
  if (!groups.some(replayed)) return { replay: 'none', copies, sources, sameBase };
  if (groups.every((g) => replayed(g) || g.every((k) => inert(commands[k])))) return { replay: 'all', copies, sources, sameBase };
  const wanted = new Set<number>();
  const fetchedBy = new Map<string, number>();
  groups.forEach((g, gi) => {
    for (const k of g) for (const f of commands[k].fetches ?? []) fetchedBy.set(baseName(f), gi);
    if (!replayed(g)) return;
    wanted.add(gi);
    // A downloaded installer needs its download (other setup finds what it names copied or installed).
    if (!g.some((k) => commands[k].installer)) return;
    for (const k of g) {
      for (const a of [commands[k].command.name, ...commands[k].command.args]) {
        const by = fetchedBy.get(baseName(a));
        if (by !== undefined) wanted.add(by);
      }
    }
  });
  // Variables the RUN sets itself (`arch="$(dpkg --print-architecture)"`): their assignments come along.
  const assigns = new Map<string, number>();
  groups.forEach((g, gi) => {
    for (const k of g) {
      const c = commands[k].command;
      if (c.name === '') for (const v of Object.keys(c.env)) assigns.set(v, gi);
      else if (c.base === 'export') for (const a of c.args) if (a.includes('=')) assigns.set(a.split('=')[0], gi);
    }
  });
  const uses = (gi: number): string[] => [...span(groups[gi]).matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]);
  for (const gi of [...wanted]) {
    for (const v of uses(gi)) {
      const by = assigns.get(v);
      if (by === undefined || by > gi || wanted.has(by)) continue;
      if (uses(by).some((u) => assigns.has(u) && !wanted.has(assigns.get(u)!))) return { why: 'system setup mixed with the build in one RUN, with variables set from other variables' };
      wanted.add(by);
    }
  }
  const parts: string[] = [];
  for (const gi of [...wanted].sort((a, b) => a - b)) {
    const g = groups[gi];
    if (g.some((k) => commands[k].command.nested)) return { why: 'system setup inside a compound command (if, for, while, case) of a RUN that also builds' };
    const dir = dirs[g[0]];
    const part = span(g);
    parts.push(dir !== workdir && dir ? `cd ${dir} && ${part}` : part);
  }
  return { replay: parts, copies, sources, sameBase };
}

/** A command's text on one line: blanks outside quotes (continuations blanked by the model) become one. */
function tidy(part: string): string {
  let out = '';
  let quote = '';
  for (let k = 0; k < part.length; k++) {
    const ch = part[k];
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"') {
        out += ch + (part[++k] ?? '');
        continue;
      }
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '\\') out += ch + (part[++k] ?? '');
    else if (/\s/.test(ch) && ch !== '\n') {
      if (!/\s$/.test(out)) out += ' ';
    } else out += ch;
  }
  return out.trim();
}
