// Rust with cargo: `cargo build --release` in the builder, target/release/<bin> on Debian slim (or distroless cc).
import { describe, expect, it } from 'vitest';
import { rust } from '../../../src/analyze/ecosystems/rust.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, installOf, manifestsOf, summary } from './helpers.ts';

const TOML = '[package]\nname = "server"\nversion = "0.1.0"\n';
const lock = (...crates: string[]): string => crates.map((c) => `[[package]]\nname = "${c}"\nversion = "1.0.0"\n`).join('\n');
const CONTEXT = { 'Cargo.toml': TOML, 'Cargo.lock': lock('serde'), 'src/main.rs': 'fn main() {}\n' };

describe('classify', () => {
  it.each([
    ['cargo build --release', { role: 'build', output: '/app/target/release' }],
    ['cargo build', { role: 'build', output: '/app/target/debug' }],
    ['cargo build --release --target x86_64-unknown-linux-musl', { role: 'build', output: '/app/target/x86_64-unknown-linux-musl/release' }],
    ['cargo build --profile dist --target-dir /build', { role: 'build', output: '/build/dist/' }],
    ['CARGO_TARGET_DIR=/cache cargo build -r', { role: 'build', output: '/cache/release/' }],
    ['cargo install --path .', { role: 'build', output: '/usr/local/cargo/bin/', note: 'app' }],
    ['cargo install sqlx-cli', { role: 'build', output: '/usr/local/cargo/bin/', note: 'tool' }],
    ['cargo fetch', { role: 'dep-install', readsSources: true }],
    ['cargo vendor', { role: 'dep-install', readsSources: true }],
    ['cargo test --release', { role: 'test' }],
    ['cargo clippy -- -D warnings', { role: 'test' }],
    ['cargo clean', { role: 'neutral' }],
    ['rustup target add x86_64-unknown-linux-musl', { role: 'neutral', note: 'toolchain setup' }],
    ['rustc -O main.rs', { role: 'build' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(rust, shell))).toEqual(expected);
  });

  it.each(['go build -o /app .', 'make', 'npm run build', 'cc -o x x.c'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(rust, shell)).toBeNull();
  });

  it('`cargo --version` is neutral', () => {
    expect(summary(classifyLine(rust, 'cargo --version'))).toEqual({ role: 'neutral' });
  });
});

describe('detect', () => {
  it.each([
    ['cargo build', dockerfile('FROM rust:1.75', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release'), 'rust', 'cargo'],
    // Rust is asked before Node: a wasm front end built with npm stays a Rust image.
    ['cargo before npm', dockerfile('FROM rust:1.75', 'RUN npm ci && npm run build', 'RUN cargo build --release'), 'rust', 'cargo'],
    // Go is asked before Rust.
    ['go before cargo', dockerfile('FROM rust:1.75', 'RUN cargo build --release', 'RUN go build -o /bin/helper ./helper'), 'go', 'go'],
    ['rust image, only rustup', dockerfile('FROM rust:1.75', 'RUN rustup component add clippy'), undefined, null],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const text = dockerfile('FROM rust:1.75', 'WORKDIR /app', 'COPY . .', 'RUN cargo fetch', 'RUN cargo build --release');

  it.each([
    ['no context', undefined],
    ['with a context', CONTEXT],
  ])('`cargo fetch` reads the sources (%s)', (_name, files) => {
    expect(manifestsOf(rust, text, files)).toEqual({ skip: '`cargo fetch` needs the sources to resolve the package targets' });
  });

  it.each([
    ['no context', undefined],
    ['with a context', CONTEXT],
  ])('an install that reads manifests only gets Cargo.toml and Cargo.lock (%s)', (_name, files) => {
    const facts = factsOf(text, files);
    const { run, install } = installOf(facts, rust);
    expect(rust.manifests(facts, run, { ...install, readsSources: false })).toEqual(['Cargo.toml', 'Cargo.lock']);
  });

  it('leaves out a Cargo.lock the context does not have', () => {
    const facts = factsOf(text, { 'Cargo.toml': TOML, 'src/main.rs': '' });
    const { run, install } = installOf(facts, rust);
    expect(rust.manifests(facts, run, { ...install, readsSources: false })).toEqual(['Cargo.toml']);
  });
});

describe('plan', () => {
  const app = (cmd = 'CMD ["./target/release/server"]', from = 'rust:1.75', extra: string[] = []): string =>
    dockerfile(`FROM ${from}`, ...extra, 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release', cmd);

  it.each<[string, string, Record<string, string>, Options, { image: string; handover: string[]; packages: string[]; note: string }]>([
    ['Debian slim of the builder release', app(), CONTEXT, {},
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates'], note: '' }],
    ['-sys crates bring their library', app(), { ...CONTEXT, 'Cargo.lock': lock('openssl-sys', 'pq-sys', 'zstd-sys') }, {},
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates', 'libssl3', 'libpq5'], note: '' }],
    ['Rust 1.89+ builds on trixie', app(undefined, 'rust:1.90'), { ...CONTEXT, 'Cargo.lock': lock('openssl-sys') }, {},
      { image: 'debian:trixie-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates', 'libssl3t64'], note: '' }],
    ['[[bin]] names and assets', app('CMD ["./target/release/api"]'), { ...CONTEXT, 'Cargo.toml': `${TOML}\n[[bin]]\nname = "api"\n\n[[bin]]\nname = "worker"\n`, 'config/app.toml': '' }, {},
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/api', '/app/config'], packages: ['ca-certificates'], note: '' }],
    ['alpine builder: plain Alpine with Alpine names', app(undefined, 'rust:1.75-alpine3.19'), { ...CONTEXT, 'Cargo.lock': lock('openssl-sys') }, {},
      { image: 'alpine:3.19', handover: ['/app/target/release/server'], packages: ['libssl3'], note: '' }],
    ['--runtime-base distroless: cc', app(), CONTEXT, { runtimeBase: 'distroless' },
      { image: 'gcr.io/distroless/cc-debian12:nonroot', handover: ['/app/target/release/server'], packages: [], note: '' }],
    ['--runtime-base distroless with a system library to install', app(), { ...CONTEXT, 'Cargo.lock': lock('openssl-sys') }, { runtimeBase: 'distroless' },
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates', 'libssl3'], note: '--runtime-base distroless not used: the runtime installs system packages, and distroless has no package manager' }],
    ['--runtime-base distroless on trixie', app(undefined, 'rust:1.90'), CONTEXT, { runtimeBase: 'distroless' },
      { image: 'debian:trixie-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates'], note: '--runtime-base distroless not used: the build uses Debian trixie, newer than distroless' }],
    ['--runtime-base scratch', app(), CONTEXT, { runtimeBase: 'scratch' },
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates'], note: '--runtime-base scratch not used: the binary needs a C library' }],
    ['--runtime-base slim', app(), CONTEXT, { runtimeBase: 'slim' },
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates'], note: '' }],
    ['--runtime-base alpine', app(), CONTEXT, { runtimeBase: 'alpine' },
      { image: 'debian:bookworm-slim', handover: ['/app/target/release/server'], packages: ['ca-certificates'], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = rust.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: plan.handover, packages: plan.runtimePackages, note: plan.policyNote }).toEqual(expected);
  });

  // `cargo run` at start: the builder builds the binary (unless a RUN already built the same profile), the
  // runtime starts it with the arguments after `--`, in the same form.
  it.each<[string, string, { build: string[]; start: string | undefined; handover: string[] }]>([
    ['already built by a RUN', app('CMD ["cargo", "run", "--release"]'), { build: [], start: 'CMD ["/app/target/release/server"]', handover: ['/app/target/release/server'] }],
    ['built by the start only, shell form', dockerfile('FROM rust:1.75', 'WORKDIR /app', 'COPY . .', 'CMD cargo run --release -- --port $PORT'),
      { build: ['RUN cargo build --release'], start: 'CMD /app/target/release/server --port $PORT', handover: ['/app/target/release/server'] }],
    ['a debug build of a named binary', app('ENTRYPOINT ["cargo", "run", "--bin", "server", "--", "serve"]'),
      { build: ['RUN cargo build --bin server'], start: 'ENTRYPOINT ["/app/target/debug/server", "serve"]', handover: ['/app/target/debug/server'] }],
  ])('cargo run: %s', (_name, text, expected) => {
    const plan = rust.plan(factsOf(text, CONTEXT), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ build: plan.builderAfter.flatMap((b) => b.lines), start: plan.startCommand?.line, handover: plan.handover }).toEqual(expected);
  });

  it.each<[string, string, Record<string, string> | undefined, string | RegExp]>([
    ['nothing is built', dockerfile('FROM rust:1.75', 'WORKDIR /app', 'COPY . .', 'RUN cargo test'), CONTEXT, 'no `cargo build` to split off'],
    ['`cargo run` with arguments but no `--`', app('CMD ["cargo", "run", "--release", "x"]'), CONTEXT, '`cargo run` passes arguments without `--`'],
    ['`cargo run` of an example', app('CMD ["cargo", "run", "--example", "demo"]'), CONTEXT, /example/],
    ['`cargo run` among several binaries', app('CMD ["cargo", "run"]'), { ...CONTEXT, 'Cargo.toml': '[package]\nname = "x"\n[[bin]]\nname = "a"\n[[bin]]\nname = "b"\n' }, '`cargo run` picks among several binaries'],
    ['`cargo test` at start', app('CMD ["cargo", "test"]'), CONTEXT, /needs the Rust toolchain at run time/],
    ['a tool installed with cargo install', dockerfile('FROM rust:1.75', 'WORKDIR /app', 'COPY . .', 'RUN cargo install diesel_cli', 'RUN cargo build --release', 'CMD ["./target/release/server"]'), CONTEXT, /installs a tool/],
    ['no build context', app(), undefined, /no build context/],
    ['a workspace root', app(), { ...CONTEXT, 'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n' }, /workspace/],
    ['an unknown -sys crate', app(), { ...CONTEXT, 'Cargo.lock': lock('libfoo-sys') }, 'the crate libfoo-sys may link a system library this tool does not know'],
    ['not the official image', app(undefined, 'example.com/rust:1.75'), CONTEXT, 'no runtime image known for `example.com/rust:1.75`'],
  ])('skips: %s', (_name, text, files, why) => {
    const plan = rust.plan(factsOf(text, files), {});
    expect(plan).toEqual({ skip: typeof why === 'string' ? why : expect.stringMatching(why) });
  });
});

describe('test commands (--test-stage moves them)', () => {
  it.each(['cargo test --release', 'cargo clippy -- -D warnings', 'cargo fmt --check'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(rust, shell))?.role).toBe('test');
  });
});
