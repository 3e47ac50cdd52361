// Rust with cargo. The builder keeps the toolchain and runs `cargo build --release`; the runtime (Debian slim
// of the builder's release, or Alpine for a musl build) receives `target/release/<bin>` at the same path,
// named from Cargo.toml ([[bin]] names, else the package name), with the system libraries its -sys crates link.
import { resolvePath } from '../../model/paths.ts';
import { baseName, isVersionQuery, optionValue, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Outcome, SplitPlan } from '../contract.ts';
import { crossToolchain } from '../cross.ts';
import { isOfficial } from '../images.ts';
import { toolsNeeded } from '../packages.ts';
import { runtimeBase } from '../runtime-base.ts';
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
  return runsTool(facts.runs, 'cargo') ? 'cargo' : null;
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  if (install.readsSources) return { skip: '`cargo fetch` needs the sources to resolve the package targets' };
  return ['Cargo.toml', 'Cargo.lock'].filter((f) => !facts.project.known || facts.project.exists(f) || f === 'Cargo.toml');
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
  if (builds.length === 0) return { skip: 'no `cargo build` to split off' };
  const words = facts.entry.words;
  if (words.some((w) => baseName(w) === 'cargo')) return { skip: 'the CMD runs `cargo run`, which needs the Rust toolchain at run time' };
  if (builds.some((b) => b.note === 'tool')) return { skip: '`cargo install <crate>` installs a tool the runtime may need' };
  if (!facts.project.known) return { skip: 'no build context: cannot tell the binary name and the system libraries it links' };
  if (!isOfficial(base, 'rust')) return { skip: `no runtime image known for \`${base.raw}\`` };
  const toml = facts.project.read('Cargo.toml');
  const names = new Set(builds.flatMap((b) => b.command.args.flatMap((a, k, all) => (all[k - 1] === '--bin' ? [a] : []))));
  if (names.size === 0) for (const n of toml ? (cargoBinaries(toml) ?? []) : []) names.add(n);
  // The binaries the entry names win (a package may build several).
  const named = [...names].filter((n) => words.some((w) => baseName(w) === n));
  const bins = named.length ? named : [...names];
  if (bins.length === 0) return { skip: toml ? 'Cargo workspace or manifest without a package name: cannot tell the binary' : 'no Cargo.toml in the build context' };
  const handover: string[] = [];
  for (const b of builds) {
    if (!b.output) return { skip: 'cannot tell where cargo puts the binary' };
    for (const n of bins) handover.push(b.output.replace(/\/?$/, '/') + n);
  }
  const assets = copiedAssets(facts, NOT_ASSETS);
  if (assets === null) return { skip: 'cannot tell which files the binary reads' };
  const ver = /^1\.(\d+)/.exec(base.tag ?? '');
  const codename = ver && Number(ver[1]) < 89 ? 'bookworm' : 'trixie';
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: `no known runtime library for ${pkgs.unknownDev.join(', ')}` };
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
    builderAfter: [],
    // scratch has nothing: the builder's CA bundle comes along for TLS.
    handover: [...new Set([...(choice.distro === 'scratch' ? ['/etc/ssl/certs/ca-certificates.crt'] : []), ...handover, ...assets])],
    runtimeEnv: [],
    runtimePackages: choice.distro === 'debian' ? [...new Set(['ca-certificates', ...system])] : [...new Set(system)],
  };
}

/** Docker's TARGETARCH → the Rust target triple of a glibc build (`cargo build --target`). */
export const RUST_TRIPLES: Readonly<Record<string, string>> = { amd64: 'x86_64-unknown-linux-gnu', arm64: 'aarch64-unknown-linux-gnu', arm: 'armv7-unknown-linux-gnueabihf' };

/**
 * `--cross-platform`: cargo compiles for the machine it runs on. Another target needs `--target <triple>`, the
 * target's standard library and a linker for it; without a cross linker that cannot work. With one, `--target`
 * moves the binary to target/<triple>/release, where nothing copies it from: not rewritten (yet), and said so.
 */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const triples = Object.entries(RUST_TRIPLES).map(([a, t]) => `${a} → ${t}`).join(', ');
  const linker = crossToolchain(facts);
  if (!linker) return { skip: `cargo would need \`--target\` (${triples}) and a linker for the target, and no cross linker is installed (gcc-<arch>-linux-gnu, crossbuild-essential-<arch>, xx)` };
  return { skip: `\`cargo build --target\` puts the binary under target/<triple>/release (${triples}), and the copies of the runtime stage are not rewritten for it` };
}

export const rust: Ecosystem = {
  id: 'rust',
  classify,
  detect,
  manifests,
  plan,
  crossBuild,
  buildEnv: /^(RUSTFLAGS|CARGO_\w+|RUSTUP_HOME|RUST_VERSION)$/,
  buildPackages: ['cargo', 'rust', 'rustc'],
};
