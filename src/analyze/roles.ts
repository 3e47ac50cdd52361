// What each RUN does, command by command (hadolint's "parse the shell once, ask questions" idea). Language
// tools are asked of the ecosystems, in registry order; the commands none of them claims are classified here.
import type { Instruction } from '../model/model.ts';
import { isInside, resolvePath } from '../model/paths.ts';
import { positional, splitShell, type Command, type Script } from '../model/shell.ts';
import type { Classified, CommandFacts, Ecosystem, PackageInstall, Role, RunFacts } from './contract.ts';

const NEUTRAL = new Set([
  'true', ':', 'set', 'export', 'echo', 'printf', 'cd', 'source', '.', 'exit', 'printenv', 'ls', 'pwd', 'cat', 'which',
  'sleep', 'id', 'whoami', 'test', '[', '[[', 'env', 'uname', 'du', 'df', 'find', 'head', 'tail', 'grep', 'wc', 'date',
  'command', 'type', 'hash', 'locale', 'nproc',
]);
const USERS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup', 'usermod', 'groupmod', 'passwd', 'chpasswd']);
const FILES = new Set(['mkdir', 'chown', 'chmod', 'chgrp', 'ln', 'touch', 'cp', 'mv', 'rm', 'sed', 'tee', 'install', 'rmdir', 'update-ca-certificates', 'ldconfig', 'locale-gen']);
const CLEANUP = /^\/(var\/lib\/apt\/lists|var\/cache|tmp|root\/\.cache|root\/\.npm|usr\/share\/(doc|man)|var\/log)(\/|$)|^~\/\.cache/;
const PKG_OPTS_WITH_VALUE = ['-o', '-t', '--target-release', '--repository', '-X', '--virtual', '-t', '--enablerepo', '--disablerepo', '--setopt'];

function packageCommand(cmd: Command): PackageInstall | 'other' | null {
  const [sub] = positional(cmd.args, PKG_OPTS_WITH_VALUE);
  const name = cmd.base;
  const pkgs = (): string[] =>
    positional(cmd.args, PKG_OPTS_WITH_VALUE)
      .slice(1)
      .map((p) => p.replace(/[=<>].*$/, ''))
      .filter((p) => p !== '');
  if (name === 'apt-get' || name === 'apt') {
    if (sub === 'install') return { manager: 'apt', packages: pkgs(), line: 0 };
    return 'other';
  }
  if (name === 'apk') {
    if (sub === 'add') return { manager: 'apk', packages: pkgs(), line: 0, virtual: cmd.args.some((a) => a === '--virtual' || a === '-t' || a.startsWith('--virtual=')) };
    return 'other';
  }
  if (name === 'yum' || name === 'dnf' || name === 'microdnf') {
    if (sub === 'install') return { manager: 'yum', packages: pkgs(), line: 0 };
    return 'other';
  }
  return null;
}

function generic(cmd: Command, appDir: string | null, workdir: string | null): Classified | null {
  const name = cmd.name.replace(/^\/(usr\/)?s?bin\//, '');
  if (cmd.name === '' || NEUTRAL.has(name)) {
    // Writing a file with echo/cat/printf > file is setting up the system unless the file is the app's.
    const outside = cmd.writes.filter((w) => w !== '/dev/null' && !w.startsWith('&') && !isInside(resolvePath(w, workdir) ?? '', appDir));
    if (outside.some((w) => !CLEANUP.test(resolvePath(w, workdir) ?? ''))) return { command: cmd, role: 'system-config' };
    return { command: cmd, role: cmd.writes.length ? 'app-local' : 'neutral' };
  }
  if (USERS.has(name)) return { command: cmd, role: 'system-config' };
  const pkg = packageCommand(cmd);
  if (pkg) return { command: cmd, role: 'system-packages' };
  if (FILES.has(name) || (name === 'sed' && cmd.args.includes('-i'))) {
    const paths = positional(cmd.args).filter((a) => a.includes('/') || a === '.' || !/^[+=:]|^[0-7]{3,4}$|^\w+:\w*$/.test(a));
    const targets = [...paths, ...cmd.writes].map((p) => resolvePath(p, workdir));
    if (name === 'rm' && targets.every((t) => t !== null && (CLEANUP.test(t) || isInside(t, appDir)))) {
      return { command: cmd, role: targets.every((t) => CLEANUP.test(t!)) ? 'system-packages' : 'app-local' };
    }
    if (targets.length > 0 && targets.every((t) => t !== null && isInside(t, appDir))) return { command: cmd, role: 'app-local' };
    return { command: cmd, role: 'system-config' };
  }
  return null;
}

export function classifyRun(
  ins: Instruction,
  workdir: string | null,
  appDir: string | null,
  ecosystems: readonly Ecosystem[],
  split: (src: string) => Script = splitShell,
): RunFacts {
  if (ins.json) {
    const script = split(ins.json.map((a) => (/[\s'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' '));
    return classifyScript(ins, script, workdir, appDir, ecosystems);
  }
  if (ins.heredoc) {
    return { ins, workdir, script: { commands: [], opaque: true }, commands: [], role: 'unknown', packages: [], why: 'a heredoc' };
  }
  return classifyScript(ins, split(ins.args), workdir, appDir, ecosystems);
}

function classifyScript(
  ins: Instruction,
  script: Script,
  workdir: string | null,
  appDir: string | null,
  ecosystems: readonly Ecosystem[],
): RunFacts {
  const commands: CommandFacts[] = [];
  const packages: PackageInstall[] = [];
  let wd = workdir;
  for (const cmd of script.commands) {
    let facts: CommandFacts | null = null;
    for (const e of ecosystems) {
      const c = e.classify(cmd, { workdir: wd, appDir });
      if (c) {
        facts = { ...c, owner: e };
        break;
      }
    }
    facts ??= { ...(generic(cmd, appDir, wd) ?? { command: cmd, role: 'unknown' }), owner: null };
    if (cmd.name === 'cd' && cmd.args[0]) wd = resolvePath(cmd.args[0], wd);
    const pkg = packageCommand(cmd);
    if (pkg && pkg !== 'other') packages.push({ ...pkg, line: ins.line });
    commands.push(facts);
  }
  const roles = new Set(commands.map((c) => c.role));
  let role: Role = 'neutral';
  let why: string | undefined;
  const unknown = commands.find((c) => c.role === 'unknown');
  if (script.opaque) {
    role = 'unknown';
    why = 'shell this tool does not follow';
  } else if (unknown) {
    role = 'unknown';
    why = `\`${[unknown.command.name, ...unknown.command.args].join(' ').slice(0, 60)}\``;
  } else if (roles.has('system-config') && (roles.has('dep-install') || roles.has('build'))) {
    role = 'unknown';
    why = 'system setup mixed with the build in one RUN';
  } else {
    for (const r of ['dep-install', 'build', 'test', 'system-config', 'system-packages', 'app-local'] as const) {
      if (roles.has(r)) {
        role = r;
        break;
      }
    }
  }
  return { ins, workdir, script, commands, role, packages, why };
}
