// Rust with cargo. The builder keeps the toolchain and runs `cargo build --release`; the runtime (Debian slim
// of the builder's release, or Alpine for a musl build) receives `target/release/<bin>` at the same path,
// named from Cargo.toml ([[bin]] names, else the package name), with the system libraries its -sys crates link.
import { resolvePath } from '../../model/paths.ts';
import { baseName, isVersionQuery, optionValue, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Outcome, Prefetch, RunFacts, SplitPlan } from '../contract.ts';
import { crossToolchain, usesBuildOutput } from '../cross.ts';
import { isOfficial } from '../images.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { runtimeBase } from '../runtime-base.ts';
import { toolStart, type ToolStart } from '../entry.ts';
import { builtStart, shellWord } from '../toolchain-start.ts';
import { COMMON_NOT_ASSETS, copiedAssets, runsTool } from '../runtime-needs.ts';

const NOT_ASSETS = new RegExp(`^(${COMMON_NOT_ASSETS}|src/|Cargo\\.(toml|lock)|rust-toolchain(\\.toml)?|target/|benches/|examples/|build\\.rs|.*\\.rs|migrations/)$`, 'i');
const CARGO_VALUE_OPTS = ['--bin', '-p', '--package', '--target', '--target-dir', '--features', '-F', '--profile', '-j', '--jobs', '--manifest-path', '--root', '--path', '--color', '--config', '-Z'];

// System libraries that -sys crates link dynamically (Debian bookworm names; trixie below; Alpine after).
const SYS_LIBS: Readonly<Record<string, string>> = {
  'openssl-sys': 'libssl3', 'pq-sys': 'libpq5', 'mysqlclient-sys': 'libmariadb3', 'libsqlite3-sys': 'libsqlite3-0',
  'curl-sys': 'libcurl4', 'libdbus-sys': 'libdbus-1-3', 'libudev-sys': 'libudev1', 'alsa-sys': 'libasound2',
};
const TRIXIE: Readonly<Record<string, string>> = { libssl3: 'libssl3t64', libcurl4: 'libcurl4t64', libasound2: 'libasound2t64' };
const ALPINE: Readonly<Record<string, string>> = { libssl3: 'libssl3', libpq5: 'libpq', libmariadb3: 'mariadb-connector-c', 'libsqlite3-0': 'sqlite-libs', libcurl4: 'libcurl', 'libdbus-1-3': 'dbus-libs', libudev1: 'eudev-libs', libasound2: 'alsa-lib' };
// -sys crates that build their library in (or only wrap the kernel/OS): nothing to install.
const SELF_CONTAINED = /^(zstd-sys|lzma-sys|bzip2-sys|libz-sys|libz-ng-sys|(tikv-)?jemalloc-sys|(lib)?mimalloc-sys|aws-lc(-fips)?-sys|linux-raw-sys|windows-sys|js-sys|web-sys|core-foundation-sys|security-framework-sys|system-configuration-sys|fsevent-sys|inotify-sys|kqueue-sys|libgit2-sys|libssh2-sys|libnghttp2-sys|brotli-sys|lz4-sys|snappy-sys|rocksdb-sys|librocksdb-sys|ring-sys|blake3-sys|mach-sys|mach2-sys|errno-sys|libm-sys|psm-sys|rustix-sys|wasi-sys|ntapi-sys|winapi-sys|objc-sys|cty-sys|openssl-src|libffi-sys|bindgen-sys|clang-sys|snmalloc-sys)$/; // clang-sys: bindgen loads libclang at build time only

function classify(cmd: Command, ctx: { workdir: string | null }): Classified | null {
  const name = cmd.base;
  if (name === 'rustup') return { command: cmd, role: 'neutral', note: 'toolchain setup' };
  if (name === 'rustc') return { command: cmd, role: 'build' };
  if (name !== 'cargo') return null;
  if (isVersionQuery(cmd)) return { command: cmd, role: 'neutral' };
  const [sub] = positional(cmd.args, CARGO_VALUE_OPTS);
  switch (sub) {
    case 'build':
    case 'b': {
      const release = cmd.args.includes('--release') || cmd.args.includes('-r');
      const profile = optionValue(cmd.args, ['--profile']) ?? (release ? 'release' : 'debug');
      const target = optionValue(cmd.args, ['--target']);
      const dir = optionValue(cmd.args, ['--target-dir']) ?? cmd.env.CARGO_TARGET_DIR ?? 'target';
      const out = `${dir}/${target ? target + '/' : ''}${profile === 'dev' ? 'debug' : profile}/`;
      return { command: cmd, role: 'build', output: resolvePath(out, ctx.workdir) ?? undefined };
    }
    case 'install':
      // `cargo install --path .` installs the app; `cargo install <crate>` fetches a tool for the build.
      return { command: cmd, role: 'build', output: '/usr/local/cargo/bin/', note: optionValue(cmd.args, ['--path']) ? 'app' : 'tool' };
    case 'fetch':
    case 'vendor':
      // Cargo resolves the package's targets, so it needs src/ as well as the manifests.
      return { command: cmd, role: 'dep-install', readsSources: true };
    case 'test':
    case 't':
    case 'check':
    case 'c':
    case 'clippy':
    case 'fmt':
    case 'audit':
      return { command: cmd, role: 'test' };
    case 'clean':
    case 'version':
    case '--version':
      return { command: cmd, role: 'neutral' };
    default:
      return null;
  }
}

function detect(facts: Facts): string | null {
  return runsTool(facts.runs, 'cargo') || cargoRun(facts) ? 'cargo' : null;
}

/** The start command's `cargo run [options] [-- args]`: the build options, where the binary lands, the words to swap. */
function cargoRun(facts: Facts): { start: ToolStart; flags: string[]; dir: string; bin: string | null; count: number } | { skip: string } | null {
  const start = toolStart(facts.entry, (n) => n === 'cargo');
  if (!start || !['run', 'r'].includes(start.words[1] ?? '')) return null;
  const w = start.words;
  const dash = w.indexOf('--');
  const flags = w.slice(2, dash === -1 ? w.length : dash);
  if (flags.some((f) => /^(--example|--manifest-path|-p|--package|--target-dir)/.test(f))) return { skip: '`cargo run` of an example, another package or another target folder' };
  if (positional(flags, CARGO_VALUE_OPTS).length) return { skip: '`cargo run` passes arguments without `--`' };
  if (flags.some((f) => f.includes('$') || f.includes('`'))) return { skip: '`cargo run` takes its options from variables set at start' };
  const release = flags.includes('--release') || flags.includes('-r');
  const profile = optionValue(flags, ['--profile']) ?? (release ? 'release' : 'debug');
  const target = optionValue(flags, ['--target']);
  const dir = resolvePath(`${start.env?.CARGO_TARGET_DIR ?? 'target'}/${target ? target + '/' : ''}${profile === 'dev' ? 'debug' : profile}/`, facts.workdir);
  if (!dir) return { skip: 'cannot tell where `cargo run` builds' };
  return { start, flags, dir, bin: optionValue(flags, ['--bin']) ?? null, count: dash === -1 ? w.length : dash + 1 };
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  if (install.readsSources) return { skip: '`cargo fetch` needs the sources to resolve the package targets' };
  return ['Cargo.toml', 'Cargo.lock'].filter((f) => !facts.project.known || facts.project.exists(f) || f === 'Cargo.toml');
}

/**
 * Cargo has no download-only step that works without the sources, so the pre-fetch is the build itself over
 * stub sources: the package's targets (src/main.rs, src/lib.rs, src/bin/*.rs, and paths the manifest names)
 * as empty programs, built with the build's own options, so the dependencies are compiled in a layer of their
 * own. The real sources are older than that build, so their timestamps are refreshed once they are copied,
 * or Cargo would keep the stub's build. Only for one package whose targets are all known: no workspace, no
 * build script, no path dependencies, no declared tests, benches or examples (Cargo checks those exist).
 */
function prefetch(facts: Facts, _run: unknown, build: CommandFacts): Outcome<Prefetch> {
  const sub = positional(build.command.args, CARGO_VALUE_OPTS)[0];
  if (sub !== 'build' && sub !== 'b') return { skip: 'only `cargo build` is pre-built from stub sources', nothing: true };
  if (!facts.project.known) return { skip: 'no build context: cannot tell the package targets' };
  const toml = facts.project.read('Cargo.toml');
  if (toml === undefined) return { skip: 'no Cargo.toml in the build context' };
  if (/^\s*\[workspace\]/m.test(toml) || !/^\s*\[package\]/m.test(toml)) return { skip: 'a Cargo workspace: its members are not stubbed' };
  if (facts.project.exists('build.rs') || /^\s*build\s*=/m.test(toml)) return { skip: 'a build script may read the sources' };
  if (/^\s*\[\[(test|bench|example)\]\]/m.test(toml)) return { skip: 'declared tests, benches or examples would need their files' };
  if (build.command.args.some((a) => /^(--manifest-path|-p|--package|--workspace|--all|--examples|--example|--benches|--tests|--all-targets)/.test(a))) return { skip: 'the build names other packages or targets' };
  // Paths of [lib] and [[bin]]; any other `path =` is a path dependency, whose sources the build needs.
  const declared: string[] = [];
  const libs = new Set(['src/lib.rs']);
  let section = '';
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (/^\[/.test(line)) section = line;
    const path = /(^|[{,\s])path\s*=\s*["']([^"']+)["']/.exec(line)?.[2];
    if (!path) continue;
    if (section !== '[lib]' && section !== '[[bin]]') return { skip: `the path dependency ${path} is read from the sources` };
    declared.push(path.replace(/^\.\//, ''));
    if (section === '[lib]') libs.add(path.replace(/^\.\//, ''));
  }
  const bins = facts.project.list('src/bin').flatMap((n) => (n.endsWith('.rs') ? [`src/bin/${n}`] : n.endsWith('/') && facts.project.exists(`src/bin/${n}main.rs`) ? [`src/bin/${n}main.rs`] : []));
  const targets = [...new Set([...['src/main.rs', 'src/lib.rs'].filter((f) => facts.project.exists(f)), ...bins, ...declared])];
  if (targets.length === 0) return { skip: 'no src/main.rs or src/lib.rs in the build context' };
  if (targets.some((t) => t.startsWith('/') || t.split('/').includes('..') || !/^[\w./-]+\.rs$/.test(t))) return { skip: 'a target outside the package folder' };
  const dirs = [...new Set(targets.map((t) => t.slice(0, t.lastIndexOf('/'))).filter(Boolean))];
  const stubs = targets.map((t) => (libs.has(t) ? `touch ${t}` : `echo 'fn main() {}' > ${t}`));
  const env = Object.entries(build.command.env).map(([k, v]) => `${k}=${shellWord(v)}`);
  const cargo = [...env, ...[build.command.name, ...build.command.args].map(shellWord)].join(' ');
  const manifests = ['Cargo.toml', ...(facts.project.exists('Cargo.lock') ? ['Cargo.lock'] : [])];
  return {
    manifests,
    before: [`RUN mkdir -p ${dirs.join(' ')} && ${stubs.join(' && ')} && ${cargo}`],
    after: [`RUN touch ${targets.join(' ')}`],
  };
}

/** `[[bin]]` names, else the package name; null for a workspace root or a missing manifest. */
export function cargoBinaries(toml: string): string[] | null {
  const bins: string[] = [];
  let section = '';
  let pkg: string | null = null;
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const head = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (head) {
      section = line.startsWith('[[') ? `[[${head[1].trim()}]]` : head[1].trim();
      continue;
    }
    const kv = /^name\s*=\s*["']([^"']+)["']/.exec(line);
    if (!kv) continue;
    if (section === '[[bin]]') bins.push(kv[1]);
    else if (section === 'package') pkg = kv[1];
  }
  if (bins.length) return bins;
  return pkg ? [pkg] : null;
}

function sysLibraries(facts: Facts, codename: string, alpine: boolean): string[] | { skip: string } {
  const lock = facts.project.read('Cargo.lock');
  if (lock === undefined) return facts.project.exists('Cargo.toml') ? [] : { skip: 'no Cargo.lock or Cargo.toml in the build context' };
  const libs: string[] = [];
  for (const m of lock.matchAll(/^name\s*=\s*"([^"]+-sys)"/gm)) {
    const crate = m[1];
    const lib = SYS_LIBS[crate];
    if (lib) libs.push(alpine ? ALPINE[lib] : codename === 'trixie' ? (TRIXIE[lib] ?? lib) : codename === 'bullseye' && lib === 'libssl3' ? 'libssl1.1' : lib);
    else if (!SELF_CONTAINED.test(crate)) return { skip: `the crate ${crate} may link a system library this tool does not know` };
  }
  return [...new Set(libs)];
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const builds = facts.runs.flatMap((r) => r.commands.filter((c) => c.role === 'build' && c.command.base === 'cargo'));
  const run = cargoRun(facts);
  if (run && 'skip' in run) return run;
  if (builds.length === 0 && !run) return { skip: 'no `cargo build` to split off' };
  const words = facts.entry.words;
  if (!run && words.some((w) => baseName(w) === 'cargo')) return { skip: 'the CMD runs cargo, which needs the Rust toolchain at run time' };
  if (builds.some((b) => b.note === 'tool')) return { skip: '`cargo install <crate>` installs a tool the runtime may need' };
  if (!facts.project.known) return { skip: 'no build context: cannot tell the binary name and the system libraries it links' };
  if (!isOfficial(base, 'rust')) return { skip: `no runtime image known for \`${base.raw}\`` };
  const toml = facts.project.read('Cargo.toml');
  // `cargo run` builds and starts one binary: the one it names, the manifest's default-run, or the only one.
  let started: Pick<SplitPlan, 'builderAfter' | 'startCommand'> | null = null;
  let runBinary: string | null = null;
  if (run) {
    const all = toml ? (cargoBinaries(toml) ?? []) : [];
    const defaultRun = toml ? /^\s*default-run\s*=\s*["']([^"']+)["']/m.exec(toml)?.[1] : undefined;
    const bin = run.bin ?? defaultRun ?? (all.length === 1 ? all[0] : null);
    if (!bin) return { skip: all.length > 1 ? '`cargo run` picks among several binaries' : 'no Cargo.toml in the build context: cannot tell the binary' };
    runBinary = run.dir.replace(/\/?$/, '/') + bin;
    // An earlier `cargo build` into the same folder already built it; otherwise the builder builds it now.
    const built = builds.some((b) => b.output === run.dir && (b.command.args.includes('--bin') ? b.command.args.includes(bin) : true));
    const made = builtStart(facts, run.start, { count: run.count, build: built ? null : ['cargo', 'build', ...run.flags].map(shellWord).join(' '), artifact: [runBinary], tool: 'Rust' });
    if ('skip' in made) return made;
    started = made;
  }
  const names = new Set(builds.flatMap((b) => b.command.args.flatMap((a, k, all) => (all[k - 1] === '--bin' ? [a] : []))));
  if (names.size === 0) for (const n of toml ? (cargoBinaries(toml) ?? []) : []) names.add(n);
  // The binaries the entry names win (a package may build several).
  const named = [...names].filter((n) => words.some((w) => baseName(w) === n));
  const bins = named.length ? named : [...names];
  if (bins.length === 0) return { skip: toml ? 'Cargo workspace or manifest without a package name: cannot tell the binary' : 'no Cargo.toml in the build context' };
  const handover: string[] = [];
  // With `cargo run` at start, the runtime needs only the binary it starts.
  if (runBinary) handover.push(runBinary);
  else
    for (const b of builds) {
      if (!b.output) return { skip: 'cannot tell where cargo puts the binary' };
      for (const n of bins) handover.push(b.output.replace(/\/?$/, '/') + n);
    }
  const assets = copiedAssets(facts, NOT_ASSETS);
  if (assets === null) return { skip: 'cannot tell which files the binary reads' };
  const ver = /^1\.(\d+)/.exec(base.tag ?? '');
  const codename = ver && Number(ver[1]) < 89 ? 'bookworm' : 'trixie';
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  // Whether the runtime installs anything decides whether a distroless image can take it; the names follow the
  // image chosen (Debian release or Alpine).
  const debianLibs = sysLibraries(facts, codename, false);
  if ('skip' in debianLibs) return debianLibs;
  const tools = toolsNeeded(facts.entry);
  const packages = pkgs.packages.length + debianLibs.length + tools.length > 0;
  // A musl build (an Alpine builder, or `--target *-musl`) that links no system library is a static binary:
  // it runs on scratch or distroless static as well.
  const musl = facts.distro === 'alpine' || builds.some((b) => /-musl/.test(optionValue(b.command.args, ['--target']) ?? ''));
  const choice = runtimeBase(base, musl && !packages ? 'static' : 'native', options.runtimeBase, { shell: facts.entry.needsShell, codename, packages });
  if ('skip' in choice) return choice;
  const libs = sysLibraries(facts, /(bookworm|bullseye|trixie)/.exec(choice.image)?.[1] ?? codename, choice.distro === 'alpine');
  if ('skip' in libs) return libs;
  const system = [...pkgs.packages, ...libs, ...tools];
  return {
    runtime: choice,
    policyNote: choice.note,
    builtFrom: 'compiled into the release binary',
    why: `the release binary without the Rust toolchain`,
    builderBefore: [],
    builderAfter: started?.builderAfter ?? [],
    ...(started?.startCommand ? { startCommand: started.startCommand } : {}),
    // scratch has nothing: the builder's CA bundle comes along for TLS.
    handover: [...new Set([...(choice.distro === 'scratch' ? ['/etc/ssl/certs/ca-certificates.crt'] : []), ...handover, ...assets])],
    runtimeEnv: [],
    runtimePackages: choice.distro === 'debian' ? [...new Set(['ca-certificates', ...system])] : [...new Set(system)],
  };
}

/**
 * Cargo's downloads: the crate index and sources under CARGO_HOME (/usr/local/cargo in the rust images). The
 * target folder is not mounted: the build output must stay in the image for the runtime to copy it.
 */
const CARGO_CACHE: CacheTool = {
  name: 'cargo',
  uses: (c) => c.base === 'cargo' && ['build', 'b', 'install', 'fetch', 'vendor', 'run', 'r', 'test', 't', 'check', 'c', 'clippy', 'doc', 'update', 'generate-lockfile'].includes(positional(c.args, CARGO_VALUE_OPTS)[0] ?? ''),
  targets: [{ path: '/usr/local/cargo/registry' }, { path: '/usr/local/cargo/git' }],
  defeats: () => null,
  env: /^CARGO_HOME$/,
  // Elsewhere (rustup into ~/.cargo, distro packages) CARGO_HOME is another folder.
  unsure: (f) => (isOfficial(f.base, 'rust') ? null : `the base image ${f.base.raw} is not rust, so its CARGO_HOME is unknown`),
};
/** Docker's TARGETARCH → the Rust target triple of a glibc build (`cargo build --target`). */
export const RUST_TRIPLES: Readonly<Record<string, string>> = { amd64: 'x86_64-unknown-linux-gnu', arm64: 'aarch64-unknown-linux-gnu', arm: 'armv7-unknown-linux-gnueabihf' };

/** The gcc each target triple links with on Debian (its `gcc-<arch>-linux-gnu` package, or the native gcc). */
const RUST_LINKERS: Readonly<Record<string, string>> = {
  'x86_64-unknown-linux-gnu': 'x86_64-linux-gnu-gcc',
  'aarch64-unknown-linux-gnu': 'aarch64-linux-gnu-gcc',
  'armv7-unknown-linux-gnueabihf': 'arm-linux-gnueabihf-gcc',
};

/**
 * `--cross-platform`: cargo compiles for the machine it runs on. Another target needs `--target <triple>`, the
 * target's standard library (`rustup target add`) and a linker for it, so without a cross linker it is refused.
 * With one, each `cargo build` gets the triple of $TARGETARCH, the linkers by Cargo's per-target variables, and
 * its output copied back from target/<triple>/<profile> to target/<profile>, where the runtime's copies (and
 * anything after the build) look for it: the paths of the rest of the file stay as they are.
 */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const triples = Object.entries(RUST_TRIPLES).map(([a, t]) => `${a} → ${t}`).join(', ');
  const linker = crossToolchain(facts);
  if (!linker) return { skip: `cargo would need \`--target\` (${triples}) and a linker for the target, and no cross linker is installed (gcc-<arch>-linux-gnu, crossbuild-essential-<arch>, xx)` };
  if (!isOfficial(facts.root.ref, 'rust')) return { skip: `the builder ${facts.root.image} is not a rust image: rustup, which adds the target's standard library, may be missing` };
  const builds = facts.runs.flatMap((r) => r.commands.map((c, k) => ({ run: r, command: c, k })).filter((b) => b.command.command.base === 'cargo' && positional(b.command.command.args, CARGO_VALUE_OPTS)[0] === 'build'));
  if (builds.length === 0) return { skip: 'no `cargo build` to target another platform' };
  if (facts.env.has('CARGO_BUILD_TARGET') || facts.env.has('CARGO_TARGET_DIR')) return { skip: 'the stage sets CARGO_BUILD_TARGET or CARGO_TARGET_DIR itself' };
  // After the build, the build machine's tools cannot read a binary for another platform, nor run it.
  const reader = usesBuildOutput(facts, builds[0].run, builds[0].k, (name) => /(^|\/)target\//.test(name));
  if (reader) return { skip: `\`${reader.command.name}\` after the build would read or run a binary built for another platform` };
  const inserts: { run: RunFacts; command: CommandFacts; where: 'before' | 'after'; text: string }[] = [];
  for (const { run, command, k } of builds) {
    const c = command.command;
    const line = run.ins.line;
    if (c.args.some((a) => /^--(target|target-dir|manifest-path)(=|$)/.test(a)) || 'CARGO_BUILD_TARGET' in c.env || 'CARGO_TARGET_DIR' in c.env) return { skip: `\`cargo build\` at line ${line} names its own target or target folder` };
    // The steps added before and after the build must run exactly when the build runs.
    const before = k > 0 ? run.commands[k - 1].command.sep : '';
    if (before !== '' && before !== '&&' && before !== ';') return { skip: `\`cargo build\` at line ${line} follows \`${before}\`: steps cannot be added around it` };
    if (c.sep === '|' || c.sep === '||' || c.sep === '&') return { skip: `\`cargo build\` at line ${line} is followed by \`${c.sep}\`: steps cannot be added around it` };
    const profile = optionValue(c.args, ['--profile']) ?? (c.args.some((a) => a === '--release' || a === '-r') ? 'release' : 'debug');
    const dir = profile === 'dev' ? 'debug' : profile;
    if (!/^[\w-]+$/.test(dir)) return { skip: `\`cargo build\` at line ${line} names a profile this tool cannot follow` };
    const linkers = Object.entries(RUST_LINKERS).map(([t, gcc]) => `CARGO_TARGET_${t.toUpperCase().replace(/-/g, '_')}_LINKER=${gcc}`).join(' ');
    const pick = `case "$TARGETARCH" in ${Object.entries(RUST_TRIPLES).map(([a, t]) => `${a}) echo ${t};;`).join(' ')} *) echo "unsupported TARGETARCH $TARGETARCH" >&2; exit 1;; esac`;
    inserts.push({ run, command, where: 'before', text: `RUST_TARGET="$(${pick})" && rustup target add "$RUST_TARGET" && ${linkers} ` });
    inserts.push({ run, command, where: 'after', text: ` --target "$RUST_TARGET" && mkdir -p target/${dir} && cp -a "target/$RUST_TARGET/${dir}/." target/${dir}/` });
  }
  return { inserts, args: ['TARGETARCH'], how: `\`cargo build\` compiles for the triple of $TARGETARCH (${triples}) with the cross linker ${linker}, its output copied back to target/<profile>` };
}

export const rust: Ecosystem = {
  id: 'rust',
  classify,
  commands: /^(cargo|rustc|rustup)$/,
  detect,
  manifests,
  plan,
  prefetch,
  caches: [CARGO_CACHE],
  crossBuild,
  buildEnv: /^(RUSTFLAGS|CARGO_\w+|RUSTUP_HOME|RUST_VERSION)$/,
  buildPackages: ['cargo', 'rust', 'rustc'],
};
