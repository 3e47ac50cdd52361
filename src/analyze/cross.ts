// What every ecosystem's cross-platform answer asks (`--cross-platform`): is a C cross toolchain installed, and
// which system packages compile native code. Ecosystem-specific knowledge stays in the ecosystem modules.
import type { CommandFacts, Facts, RunFacts } from './contract.ts';

/**
 * Cross C toolchains as Debian/Alpine packages or helpers (`gcc-aarch64-linux-gnu`, `crossbuild-essential-arm64`,
 * tonistiigi/xx's `xx-apt-get`/`xx-apk`, zig as a C compiler).
 */
const CROSS_PACKAGE = /^(gcc|g\+\+|cpp|binutils)-(aarch64|arm|armhf|arm-linux|x86-64|i686|s390x|powerpc64le|riscv64)[\w.+-]*-linux-gnu\w*$|^crossbuild-essential-|^musl-cross|^zig$/;
const CROSS_COMMAND = /^(xx-apt-get|xx-apt|xx-apk|xx-go|xx-cargo|xx-clang|xx-info|zig)$/;

/** The cross toolchain the stage installs or uses, or null. */
export function crossToolchain(facts: Facts): string | null {
  for (const r of facts.runs) {
    for (const p of r.packages) for (const name of p.packages) if (CROSS_PACKAGE.test(name)) return name;
    for (const c of r.commands) if (CROSS_COMMAND.test(c.command.base)) return c.command.base;
  }
  return null;
}

/** Build-only system packages that compile native code (a compiler, headers), named for a refusal, or null. */
export function nativeCompilers(facts: Facts): string | null {
  if (!facts.system.buildOnly) return null;
  const named = facts.runs.flatMap((r) => r.packages.flatMap((p) => p.packages)).filter((p) => /^(gcc|g\+\+|clang|make|build-essential|build-base|python3?|musl-dev|libc6?-dev)$|-dev(el)?$/.test(p));
  return named.length ? named.slice(0, 4).join(', ') : 'a compiler';
}

/**
 * The first command after a build (in its RUN, then in the later RUNs of the stage) that reads or runs what the
 * build made: a binary for another platform that the build machine's `strip`, `upx` or `ldd` cannot read, and
 * the machine cannot run. `built` says which program names are the build's output.
 */
export function usesBuildOutput(facts: Facts, run: RunFacts, index: number, built: (name: string) => boolean): CommandFacts | null {
  const first = facts.runs.indexOf(run);
  for (const r of facts.runs.slice(first)) {
    for (const [k, c] of r.commands.entries()) {
      if (r === run && k <= index) continue;
      if (/^(strip|upx|objcopy|ldd|file)$/.test(c.command.base) || built(c.command.name)) return c;
    }
  }
  return null;
}
