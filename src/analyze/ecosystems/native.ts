// C and C++: make, CMake, Meson, autotools, or a single gcc/g++/cc command. The builder keeps the compilers
// and headers; the runtime is the same distro release's plain (slim) image with the runtime libraries of the
// -dev packages, the binary the start command names (with the data files copied next to it), or the whole app
// folder when the binary cannot be told; what `make install` and friends put under their prefix is copied.
import { copyTarget, isInside, resolvePath } from '../../model/paths.ts';
import { baseName, optionValue, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { Classified, Ecosystem, Facts, Outcome, SplitPlan } from '../contract.ts';
import { SCRATCH } from '../fetch.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { runtimeBase } from '../runtime-base.ts';
import { COMMON_NOT_ASSETS, copiedAssets, runsTool } from '../runtime-needs.ts';

const COMPILERS = /^((x86_64-linux-gnu-|aarch64-linux-gnu-)?(gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(-\d+)?|tcc)$/;
const BUILDERS = /^(make|gmake|cmake|meson|ninja|configure|autoreconf|autoconf|automake|aclocal|autoheader|libtoolize|autogen\.sh|bootstrap|bootstrap\.sh|buildconf|scons|bazel|qmake|strip)$/;
const NOT_ASSETS = new RegExp(`^(${COMMON_NOT_ASSETS}|src/|include/|build/|cmake/|CMakeLists\\.txt|meson\\.build|meson_options\\.txt|configure(\\.ac|\\.in)?|Makefile(\\.am|\\.in)?|.*\\.(c|h|cc|cpp|cxx|hpp|hh|o|a|in|am|m4)|autogen\\.sh|m4/)$`, 'i');
/** Prefixes shared with the system's own files: what an install put there cannot be copied apart. */
const SYSTEM_PREFIX = /^\/(usr)?\/?$/;
const MAKE_VALUE_OPTS = ['-C', '--directory', '-f', '--file', '-j', '--jobs', '-l', '-I', '-o', '-W'];

/** The prefix `--prefix=P` / `-DCMAKE_INSTALL_PREFIX=P` / `PREFIX=P` names, absolute. */
function prefixOf(cmd: Command, workdir: string | null): string | null {
  for (const a of cmd.args) {
    const m = /^(?:--prefix=|-DCMAKE_INSTALL_PREFIX(?::PATH)?=|PREFIX=|prefix=)(.+)$/.exec(a);
    if (m) return resolvePath(m[1], workdir);
  }
  const v = optionValue(cmd.args, ['--prefix']) ?? cmd.env.PREFIX ?? cmd.env.prefix;
  return v ? resolvePath(v, workdir) : null;
}

function classify(cmd: Command, ctx: { workdir: string | null; appDir: string | null }): Classified | null {
  const name = cmd.base;
  if (COMPILERS.test(name)) {
    if (cmd.args.some((a) => a === '--version' || a === '-v' || a === '-dumpversion' || a === '-dumpmachine')) return { command: cmd, role: 'neutral' };
    const out = resolvePath(optionValue(cmd.args, ['-o']) ?? 'a.out', ctx.workdir);
    // A program compiled straight to a folder outside the app (`gcc -o /usr/local/bin/x`) is copied from there.
    const place = out && !out.includes('$') && !isInside(out, ctx.appDir) && !SCRATCH.test(out) && !cmd.args.includes('-c') ? [out] : undefined;
    return { command: cmd, role: 'build', output: out ?? undefined, note: 'cc', places: place };
  }
  if (!BUILDERS.test(name)) return null;
  if (cmd.args.some((a) => a === '--version')) return { command: cmd, role: 'neutral' };
  const dir = optionValue(cmd.args, ['-C', '--directory']);
  const at = dir ? resolvePath(dir, ctx.workdir) : ctx.workdir;
  const targets = positional(cmd.args, MAKE_VALUE_OPTS).filter((t) => !t.includes('='));
  const installs =
    ((name === 'make' || name === 'gmake' || name === 'ninja') && targets.some((t) => /^install(-strip)?$/.test(t))) ||
    (name === 'cmake' && cmd.args.includes('--install')) ||
    (name === 'meson' && targets[0] === 'install');
  const prefix = prefixOf(cmd, at);
  if (installs) {
    // DESTDIR stages the install elsewhere: the files stay where the build put them.
    if (cmd.args.some((a) => a.startsWith('DESTDIR=')) || cmd.env.DESTDIR) return { command: cmd, role: 'build', note: 'install' };
    if (prefix && SYSTEM_PREFIX.test(prefix)) return { command: cmd, role: 'build', note: 'install', output: prefix };
    return { command: cmd, role: 'build', note: 'install', places: [prefix ?? '/usr/local'] };
  }
  if (targets.some((t) => /^(test|check|tests)$/.test(t)) && targets.every((t) => /^(test|check|tests|all)$/.test(t))) return { command: cmd, role: 'test' };
  // A configure step names where a later install goes (its `output`).
  return { command: cmd, role: 'build', note: name, output: prefix ?? undefined, places: prefix && !SYSTEM_PREFIX.test(prefix) ? [prefix] : undefined };
}

function detect(facts: Facts): string | null {
  for (const tool of ['cmake', 'meson', 'make', 'ninja']) if (runsTool(facts.runs, tool)) return tool;
  for (const run of facts.runs) for (const c of run.commands) if (c.owner?.id === 'native' && c.role === 'build') return c.note === 'cc' ? 'cc' : c.command.base;
  return null;
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const builds = facts.runs.flatMap((r) => r.commands.filter((c) => c.owner?.id === 'native' && c.role === 'build'));
  if (builds.length === 0) return { skip: 'no C/C++ build to split off' };
  const system = builds.find((b) => b.output && SYSTEM_PREFIX.test(b.output) && b.note !== 'cc');
  if (system) return { skip: `\`${system.command.base}\` installs under ${system.output}, among the system's own files, which cannot be copied apart` };
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const tools = toolsNeeded(facts.entry);
  const packages = [...pkgs.packages, ...tools];
  const needs = { shell: facts.entry.needsShell, packages: packages.length > 0, libstdcxx: true, codename: 'trixie' };
  const smaller = runtimeBase(base, 'native', options.runtimeBase, needs);
  // No smaller image known for this one (`openjdk:11-jdk`, `erlang`): the same image, without the build.
  const choice = 'skip' in smaller && !base.dynamic ? runtimeBase(base, 'same-image', options.runtimeBase, needs) : smaller;
  if ('skip' in choice) return choice;
  const handover = binaryAndData(facts);
  if ('skip' in handover) return handover;
  return {
    runtime: choice,
    policyNote: choice.note,
    why: 'skip' in smaller
      ? `the same image without the compilers, headers and sources, because ${smaller.skip.replace(/^no runtime image known/, 'no smaller image is known').replace(/^cannot tell/, 'this tool cannot tell')}`
      : 'the built program and its files on the same release, with the runtime libraries instead of compilers and headers',
    builderBefore: [],
    builderAfter: [],
    handover,
    runtimeEnv: [],
    runtimePackages: [...new Set(packages)],
  };
}

/**
 * What the runtime gets of the app folder: the binary the start command names and the data files copied next
 * to it, or the whole folder when the start command names none there (what `make install` put elsewhere is
 * copied on its own).
 */
function binaryAndData(facts: Facts): string[] | { skip: string } {
  const app = facts.appDir;
  const words = facts.entry.simple ?? facts.entry.words;
  const first = words[0];
  const binary = first ? resolvePath(first, facts.workdir) : null;
  const installs = facts.runs.some((r) => r.commands.some((c) => (c.note === 'install' || c.note === 'cc') && c.places?.length));
  // A bare name is looked up on the PATH: it is the app's program only when the PATH holds the app folder.
  const path = facts.env.get('PATH');
  const onPath = path !== undefined && path.split(':').some((d) => d !== '' && (d === '.' || (app !== null && resolvePath(d, facts.workdir) === app)));
  if (binary && facts.inApp(binary) && first !== undefined && (first.includes('/') || (!installs && onPath))) {
    const assets = copiedAssets(facts, NOT_ASSETS);
    // Every program of the app folder the start command names (an entrypoint script and the binary it
    // starts), and what the compilers wrote there.
    const named = words.filter((w) => w.includes('/') && !w.includes('$')).map((w) => resolvePath(w, facts.workdir)).filter((p): p is string => p !== null && facts.inApp(p));
    const compiled = facts.runs.flatMap((r) => r.commands.filter((c) => c.note === 'cc' && !c.command.args.includes('-c') && c.output && facts.inApp(c.output)).map((c) => c.output!));
    if (assets !== null) {
      const all = [...new Set([binary, ...named, ...compiled, ...assets.filter((a) => facts.inApp(a))])];
      return all.filter((p) => !all.some((q) => q !== p && isInside(p, q)));
    }
  }
  if (installs && (!first || !first.includes('/'))) return app && hasFiles(facts) ? [app] : [];
  // A program a RUN moved or copied out of the build (`mv build/x /usr/local/bin/x`, or linked onto the PATH):
  // the runtime copies it there, and of the app folder only the files it may read.
  const placed = facts.runs.flatMap((r) => r.runtime.copies);
  const linked = facts.runs.flatMap((r) => r.commands.filter((c) => c.command.base === 'ln').map((c) => baseName(positional(c.command.args).pop() ?? '')));
  const named = first === undefined ? false : first.startsWith('/') ? placed.some((p) => isInside(first, p)) : !first.includes('/') && (placed.some((p) => baseName(p) === first) || linked.includes(first));
  if (named) {
    if (!app || !hasFiles(facts)) return [];
    const assets = copiedAssets(facts, NOT_ASSETS)?.filter((a) => facts.inApp(a)) ?? null;
    // Past a few dozen entries a list of copies says less than the folder itself.
    return assets === null || assets.length > MAX_ASSET_COPIES ? [app] : assets;
  }
  if (!app) return { skip: 'cannot tell where the program is: no WORKDIR and the start command names no installed program' };
  return [app];
}

const MAX_ASSET_COPIES = 40;

/** Something is put into the app folder: files copied from the context, or made there by a RUN. */
function hasFiles(facts: Facts): boolean {
  const copied = facts.stage.instructions.some(
    (i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((f) => f.name.toLowerCase() === 'from') && facts.inApp(copyTarget(i, facts.workdirAt.get(i) ?? null)),
  );
  return copied || facts.runs.some((r) => r.commands.some((c) => c.role === 'app-local' || (c.role === 'build' && facts.inApp(r.workdir))));
}

export const native: Ecosystem = {
  id: 'native',
  classify,
  commands: new RegExp(`${COMPILERS.source}|${BUILDERS.source}`),
  detect,
  manifests: () => ({ skip: 'a C/C++ build has no dependency manifests' }),
  plan,
  buildEnv: /^(CC|CXX|CFLAGS|CXXFLAGS|CPPFLAGS|LDFLAGS|MAKEFLAGS|CMAKE_\w+|PKG_CONFIG_PATH)$/,
  buildPackages: ['cmake', 'meson', 'ninja-build', 'autoconf', 'automake', 'libtool', 'scons'],
};
